/**
 * The dashboard server: builds the SvelteKit app when `build/` is missing or older than its
 * sources, opens the warehouse once, and serves adapter-node's handler in this same process
 * (so the pages and any upload share the one DuckDB instance the process may hold).
 *
 *   const server = await startServer({ dbPath, host: '127.0.0.1', port: 5173 });
 *   // … server.url …
 *   await server.close();
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { UserError } from '../../warehouse/errors.ts';
import { provideWarehouse } from '../src/lib/server/warehouse.ts';
import { provideServices } from '../src/lib/server/services.ts';
import { createServerServices } from './services.ts';
import { ensureModelsCurrent } from '../../models/rebuild.ts';

/** The repository root (this file is dashboard/server/start.ts). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = path.join(ROOT, 'build');
const HANDLER = path.join(BUILD_DIR, 'handler.js');
/** What the built app is made from: a change to any of these makes `build/` stale. */
const SOURCES = ['dashboard/src', 'dashboard/static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

export interface StartOptions {
  /** The warehouse file (see warehouse/paths.ts resolveDbPath). */
  dbPath: string;
  /** Default 127.0.0.1: the dashboard is for this machine unless asked otherwise. */
  host?: string;
  /** Default 5173; 0 picks a free port (tests). */
  port?: number;
  /** Build even when build/ looks fresh. */
  forceBuild?: boolean;
  /** Progress lines for people (default: stderr). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  port: number;
  warehouse: Warehouse;
  /** Stop accepting connections, end open ones, close the warehouse. */
  close(): Promise<void>;
}

function newestMtime(target: string): number {
  const full = path.join(ROOT, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** Is build/ missing or older than any source of the app? */
export function buildIsStale(): boolean {
  if (!fs.existsSync(HANDLER)) return true;
  const built = fs.statSync(HANDLER).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

/** `vite build` in a child process (by its own PID, never through npx). */
export function buildApp(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<void> {
  const started = Date.now();
  log('正在构建看板 Building the dashboard (vite build)…');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        log(`看板构建完成 built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve();
      } else {
        reject(new Error(`vite build failed (exit ${code}):\n${output.slice(-4000)}`));
      }
    });
  });
}

/** The header this server sets to tell adapter-node the request came over plain http. */
const PROTOCOL_HEADER = 'x-zhixiao-protocol';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5173;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  if (options.forceBuild || buildIsStale()) await buildApp(log);

  // Bind the port first (answering 503 while starting), so a taken port fails before the
  // warehouse is touched: closing a warehouse this process shares would break its other user.
  const server = http.createServer((_req, res) => {
    res.statusCode = 503;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('看板正在启动，请稍候 (starting)');
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UserError(`端口 ${port} 已被占用 (port in use)：请用 --port 换一个端口，或先停止占用它的程序。`, 2);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EINVAL') {
      throw new UserError(`无法在地址 ${host} 上启动看板 (${code})：--host 应是本机的一个地址，如 127.0.0.1（只供本机访问）或 0.0.0.0（供局域网访问）。`, 2);
    }
    if (code === 'EACCES') {
      throw new UserError(`没有权限使用端口 ${port} (EACCES)：1024 以下的端口需要管理员权限，请用 --port 换一个更大的端口。`, 2);
    }
    throw error;
  }

  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse(options.dbPath);
    await ensureModelsCurrent(warehouse, log);
    provideWarehouse(Promise.resolve(warehouse));
    // The ingest of uploads and the brief run from the sources in this process (see services.ts).
    provideServices(Promise.resolve(createServerServices(warehouse, options.dbPath)));
    // adapter-node reads BODY_SIZE_LIMIT when its handler is first imported: uploads of export
    // files need more than its 512 KB default.
    process.env.BODY_SIZE_LIMIT ??= '512M';
    // adapter-node takes every request for https unless told otherwise: the app would then set
    // Secure cookies on plain http and refuse its own forms (origin http://… ≠ https://…). This
    // server speaks plain http, so it says so in a header of its own, set on every request (a
    // client cannot forge it). Behind a TLS proxy, set PROTOCOL_HEADER=x-forwarded-proto instead.
    const ownProtocolHeader = process.env.PROTOCOL_HEADER === undefined || process.env.PROTOCOL_HEADER === PROTOCOL_HEADER;
    if (ownProtocolHeader) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
    const { handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: NodeHandler };
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      if (ownProtocolHeader) req.headers[PROTOCOL_HEADER] = 'http';
      handler(req, res);
    });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    warehouse,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          warehouse.close();
          if (error) reject(error);
          else resolve();
        });
        for (const s of sockets) s.destroy();
      }),
  };
}
