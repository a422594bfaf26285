/**
 * What `npm start` does before serving: a warehouse with no data gets the small demo
 * data set (generated once into data/demo), ingested and modelled, so a new user sees
 * a working dashboard at once. A warehouse that has data is left as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Warehouse } from '../warehouse/database.ts';
import { runIngest } from '../ingest/run.ts';
import type { IngestReport } from '../ingest/report.ts';
import { loadOrCreateHashKey } from '../ingest/secret.ts';
import { rebuildAfterIngest } from '../models/rebuild.ts';
import { createDemoUsers, type DemoUser } from '../auth/demo-users.ts';
import { recordAudit } from '../auth/audit.ts';
import { ROLE_LABEL } from '../auth/scope.ts';

export interface FirstRunResult {
  /** The demo folder generated in this call, if any. */
  generated: string | null;
  /** The ingest done in this call, if any. */
  ingest: IngestReport | null;
  /** The demo users created in this call (only right after the demo data was ingested). */
  demoUsers: DemoUser[];
}

async function committedRuns(warehouse: Warehouse): Promise<number> {
  const c = await warehouse.connect();
  try {
    const rows = (await c.runAndReadAll("select count(*)::integer from ingest_runs where status = 'committed'")).getRows();
    return Number(rows[0][0]);
  } finally {
    c.closeSync();
  }
}

export async function prepareWarehouse(
  warehouse: Warehouse,
  dbPath: string,
  log: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Promise<FirstRunResult> {
  if ((await committedRuns(warehouse)) > 0) return { generated: null, ingest: null, demoUsers: [] };
  const demoDir = path.join(path.dirname(path.resolve(dbPath)), 'demo');
  let generated: string | null = null;
  if (!fs.existsSync(demoDir) || fs.readdirSync(demoDir).length === 0) {
    log(`数据仓库为空：正在生成演示数据（small）到 ${demoDir} …`);
    const { generateDemo } = await import('../demo/generate.ts');
    await generateDemo({ scale: 'small', outDir: demoDir });
    generated = demoDir;
  }
  log(`正在导入 ${demoDir} …`);
  const ingest = await runIngest(warehouse, [demoDir], {
    hashKey: loadOrCreateHashKey(dbPath),
    buildModels: (c, changes) => rebuildAfterIngest(c, changes),
  });
  const loaded = ingest.files.reduce((n, f) => n + f.rows_loaded, 0);
  log(`已导入 ${loaded} 行，隔离 ${ingest.quarantined.length} 行（演示数据中特意放入的错误行），用时 ${ingest.timings_ms.total} ms。`);
  const demoUsers = await createDemoUsers(warehouse);
  for (const user of demoUsers) {
    await recordAudit(warehouse, { username: '首次启动', action: 'user_added', target: user.username, detail: `${user.role}${user.scopeCode ? ` ${user.scopeCode}` : ''}` });
  }
  if (demoUsers.length) log(demoUsersNotice(demoUsers));
  return { generated, ingest, demoUsers };
}

/** The demo accounts and their passwords, shown this once (they are stored only as hashes). */
function demoUsersNotice(users: DemoUser[]): string {
  const lines = users.map((u) => `  ${ROLE_LABEL[u.role]}（${u.scopeName}）  用户名 ${u.username}  密码 ${u.password}`);
  return [
    '已创建演示账号（密码只显示这一次，请记下；之后可用 zhixiao users passwd NAME 重设）：',
    ...lines,
    '用这些账号登录看板，可比较省级、高校、院系三种角色看到的范围。',
  ].join('\n');
}
