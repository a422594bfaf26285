/**
 * The scope cannot be forgotten: every exported server function of the query layer takes the
 * user's Scope first (or a connection, when it is a building block called by one that does),
 * and every route's server code gets the user from $lib/server/auth.ts or requestView().
 * A new query module or route is checked by itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const QUERIES = path.join(ROOT, 'dashboard', 'src', 'lib', 'server', 'queries');
const ROUTES = path.join(ROOT, 'dashboard', 'src', 'routes');

/** Functions that read no unit's data. */
const UNSCOPED = new Set(['getWarehouseContext']);
/** Route files that run before a user exists (hooks.server.ts guards everything else). */
const PUBLIC_ROUTE_FILES = new Set(['login/+page.server.ts', '+layout.server.ts']);

function files(dir: string, match: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), match) : match(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('the scope in one place', () => {
  it('is the first parameter of every exported query function', () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const file of files(QUERIES, (n) => n.endsWith('.ts'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/export (?:async )?function (\w+)(?:<[^>]*>)?\(\s*([^,)]*)/g)) {
        const [, name, first] = m;
        checked++;
        if (UNSCOPED.has(name)) continue;
        if (/^scope: Scope$/.test(first.trim()) || /^c: DuckDBConnection$/.test(first.trim())) continue;
        // pure helpers (no data): no connection, no scope, no warehouse inside
        const body = text.slice(m.index!, text.indexOf('\n}\n', m.index!));
        if (!/withConnection|getWarehouse|readRows|readOne/.test(body)) continue;
        offenders.push(`${path.basename(file)}: ${name}(${first})`);
      }
    }
    expect(offenders).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  it('reaches every route through requestView() or the auth helpers', () => {
    const offenders = files(ROUTES, (n) => /^\+(page|layout)?\.?server\.ts$|^\+server\.ts$/.test(n))
      .map((f) => path.relative(ROUTES, f))
      .filter((rel) => !PUBLIC_ROUTE_FILES.has(rel))
      .filter((rel) => !/requestView\(|requireScope\(|requireUser\(|requireProvince\(/.test(fs.readFileSync(path.join(ROUTES, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
