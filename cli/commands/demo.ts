/**
 * `zhixiao demo [--scale small|province] [--years N] [--seed N] [--end-date YYYY-MM-DD]
 * [--out DIR] [--json]`: thin entry over demo/generate.ts.
 */
import cliProgress from 'cli-progress';
import { parseCommandArgs } from '../args.ts';
import { formatTable } from '../table.ts';
import { UserError } from '../../warehouse/errors.ts';
import { generateDemo, type DemoSummary } from '../../demo/generate.ts';
import type { ScaleName } from '../../demo/scale.ts';

const DEFAULT_OUT = 'data/demo';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    scale: { type: 'string', default: 'small' },
    years: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'end-date': { type: 'string' },
    out: { type: 'string', default: DEFAULT_OUT },
    json: { type: 'boolean' },
  });
  const scale = values.scale as string;
  if (scale !== 'small' && scale !== 'province') throw new UserError(`--scale 须为 small 或 province（收到 ${scale}）`, 2);
  const seed = integerOption('--seed', values.seed as string);
  const years = values.years === undefined ? undefined : integerOption('--years', values.years as string);
  const out = values.out as string;

  const bar =
    !values.json && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: '生成演示数据 |{bar}| {value}/{total} 所高校', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  let started = false;
  const summary = await generateDemo({
    scale: scale as ScaleName,
    seed,
    years,
    endDate: values['end-date'] as string | undefined,
    outDir: out,
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();
  process.stdout.write(values.json ? JSON.stringify(summary) + '\n' : humanSummary(summary, out) + '\n');
  return 0;
}

function integerOption(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`${name} 须为非负整数（收到 ${text}）`, 2);
  return Number(text);
}

const n = (x: number) => x.toLocaleString('en-US');

export function humanSummary(s: DemoSummary, out: string): string {
  const c = s.counts;
  const codes = [...new Set(s.anomalies.map((a) => a.code.slice(0, 3)))].sort();
  const lines = [
    `已生成演示数据（规模 ${s.scale}，种子 ${s.seed}，${s.start_date} 至 ${s.end_date}）→ ${s.out_dir}`,
    '',
    formatTable(
      ['表', '行数'],
      [
        ['高校', n(c.universities)],
        ['党组织（其中党支部）', `${n(c.org_units)}（${n(c.branches)}）`],
        ['党员', n(c.members)],
        ['组织生活记录', n(c.activities)],
        ['参会记录', n(c.attendance)],
        ['列席督导记录', n(c.observations)],
        ['整改清单', n(c.rectifications)],
        ['典型案例', n(c.cases)],
        ['述职评议', n(c.evaluations)],
      ],
    ),
    '',
    `共 ${s.files.length} 个导出文件（CSV、TSV、TXT、XLSX；UTF-8、带 BOM、GB18030；标题行、别名表头、多工作表等各种导出格式）。`,
    `埋设异常 ${s.anomalies.length} 处，覆盖 ${codes.length ? codes.join('、') : '—'}${s.not_planted.length ? `；未能埋设：${s.not_planted.map((x) => x.code).join('、')}（时间跨度不足）` : ''}。`,
    `另有 ${s.bad_rows.length} 行故意出错的数据（未知枚举、错误日期、重复键、孤儿记录、缺必填值），导入时应被隔离。`,
    `用时 ${(s.elapsed_ms / 1000).toFixed(1)} 秒。`,
    '',
    `下一步：npx zhixiao ingest ${out}`,
  ];
  return lines.join('\n');
}
