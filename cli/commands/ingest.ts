/** `zhixiao ingest PATH… [--json]`: thin entry over ingest/run.ts. */
import cliProgress from 'cli-progress';
import { parseCommandArgs } from '../args.ts';
import { formatTable } from '../table.ts';
import { UserError } from '../../warehouse/errors.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';
import { expandPaths, runIngest, type IngestProgress } from '../../ingest/run.ts';
import { exitCodeOf, type IngestReport } from '../../ingest/report.ts';
import { loadOrCreateHashKey } from '../../ingest/secret.ts';
import { rebuildAfterIngest } from '../../models/rebuild.ts';

const PHASE: Record<IngestProgress['phase'], string> = { scan: '读取文件', load: '校验入库', models: '重建指标', commit: '提交' };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, true);
  if (!positionals.length) throw new UserError('请给出要导入的文件或文件夹：zhixiao ingest PATH…', 2);
  const dbPath = resolveDbPath(values.db as string | undefined);
  // A mistyped path is said before a warehouse is opened, or created, for nothing.
  expandPaths(positionals);
  const warehouse = await openWarehouse(dbPath);
  const showProgress = !values.json && process.stderr.isTTY;
  const bar = showProgress
    ? new cliProgress.SingleBar({ format: '{phase} |{bar}| {value}/{total} {detail}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  let barPhase: string | null = null;
  const report = await runIngest(warehouse, positionals, {
    hashKey: loadOrCreateHashKey(dbPath),
    buildModels: (c, changes) => rebuildAfterIngest(c, changes),
    onProgress: (p) => {
      if (!bar) return;
      const detail = (p.detail ?? '').split('/').pop() ?? '';
      if (barPhase !== p.phase) {
        if (barPhase) bar.stop();
        bar.start(p.total, p.done, { phase: PHASE[p.phase], detail });
        barPhase = p.phase;
      } else bar.update(p.done, { detail });
    },
  });
  bar?.stop();
  if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(humanSummary(report) + '\n');
  return exitCodeOf(report);
}

const STATUS: Record<string, string> = { loaded: '已导入', duplicate: '重复跳过', refused: '拒收' };

export function humanSummary(report: IngestReport): string {
  const rows = report.files.map((f) => [
    (f.path.split('/').pop() ?? f.path) + (f.sheet ? ` [${f.sheet}]` : ''),
    f.table ?? '—',
    STATUS[f.status],
    f.rows_read,
    f.rows_loaded,
    f.rows_updated,
    f.rows_quarantined,
  ]);
  const out = [`导入批次 ${report.run_id}`, formatTable(['文件', '表', '状态', '读取', '新增', '更新', '隔离'], rows)];
  for (const f of report.files.filter((f) => f.status !== 'loaded')) out.push(`${STATUS[f.status]}：${f.path}\n  ${f.message}`);
  const quarantinedTotal = report.files.reduce((n, f) => n + f.rows_quarantined, 0);
  if (report.quarantined.length) {
    out.push(`\n隔离的行（共 ${quarantinedTotal} 行，前 20 行如下；完整清单见看板「数据」页或 --json）：`);
    for (const q of report.quarantined.slice(0, 20)) {
      const where = `${q.path.split('/').pop()}${q.sheet ? ` [${q.sheet}]` : ''} 第 ${q.line} 行`;
      out.push(`  ${where} 列 ${q.column ?? '—'} 值「${q.value ?? ''}」：${q.reason}`);
    }
  }
  if (report.retried_loaded) out.push(`此前隔离的 ${report.retried_loaded} 行因上级记录已到达，本次已补入。`);
  if (report.retried_updated) out.push(`此前隔离的 ${report.retried_updated} 行因上级记录已到达，本次更新了已有的同键记录。`);
  const t = report.timings_ms;
  out.push(`用时 ${t.total} ms（读取 ${t.read}，校验 ${t.validate}，入库 ${t.load}，指标 ${t.models}）`);
  return out.join('\n');
}
