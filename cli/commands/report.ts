/**
 * `zhixiao report indicators|rankings|anomalies|brief …` (cli.md "report"): picks the report and
 * hands it the remaining arguments; the logic lives in reports/.
 */
import { UserError } from '../../warehouse/errors.ts';

type Report = (argv: string[]) => Promise<number>;

const REPORTS: Record<string, { summary: string; load: () => Promise<Report> }> = {
  indicators: {
    summary: '指标：--level province|university|college|branch --period P [--university CODE] [--as-of DATE] [--format table|json|csv|xlsx] [--out FILE]',
    load: async () => (await import('../../reports/indicators.ts')).runIndicatorsReport,
  },
  rankings: {
    summary: '排名：参数同 indicators，按排名排序并给出所用权重',
    load: async () => (await import('../../reports/indicators.ts')).runRankingsReport,
  },
  anomalies: {
    summary: '异常：--period P [--university CODE] [--as-of DATE] [--format …] [--out FILE]',
    load: async () => (await import('../../reports/anomalies.ts')).runAnomaliesReport,
  },
  brief: {
    summary: '研判报告：--period P [--university CODE] --out FILE.pdf|.html',
    load: async () => (await import('../../reports/brief.ts')).runBriefReport,
  },
};

function usage(): string {
  return [
    '用法 Usage: zhixiao report <indicators|rankings|anomalies|brief> [选项]',
    '',
    ...Object.entries(REPORTS).map(([name, r]) => `  ${name.padEnd(11)} ${r.summary}`),
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  const missing = name === undefined || name.startsWith('-');
  const report = missing || !Object.hasOwn(REPORTS, name) ? undefined : REPORTS[name];
  if (!report) {
    throw new UserError(`${missing ? '缺少报告名称' : `未知的报告 ${name}`}。\n${usage()}`, 2);
  }
  return (await report.load())(rest);
}
