/**
 * The periodic brief (定期分析研判) for a period, of the province or of one university: headline
 * figures with the change against the previous period and Chinese sentences saying what
 * changed, the ranking, the main charts (ECharts SSR, SVG), the anomalies by severity with their
 * follow-up, and the rectification status. As a self-contained HTML document, or as PDF printed
 * by Debian's chromium through playwright-core.
 *
 *   zhixiao report brief --period 2024Q2 [--university U001] --out brief.pdf|brief.html
 *
 * The dashboard serves the same document at /brief?period=…&format=pdf|html.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { parseCommandArgs } from '../cli/args.ts';
import { ANOMALY_KEY_SQL, LATEST_REVIEWS_CTE } from '../dashboard/src/lib/server/queries/anomaly-key.ts';
import { parsePeriod as parsePeriodCode, previousPeriod, trailingPeriods, periodContaining, type Period } from '../dashboard/src/lib/state/periods.ts';
import { openExistingWarehouse } from '../warehouse/database.ts';
import { UserError } from '../warehouse/errors.ts';
import { resolveDbPath } from '../warehouse/paths.ts';
import { anomaliesOption, rankingOption, rectificationOption, renderSvg, SEVERITY_ZH, trendOption } from './brief-charts.ts';
import { changeText, countChange, figureSentence, formatFigure, periodWords, type FigureUnit } from './brief-text.ts';
import { parsePeriod } from './indicators.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

export interface BriefOptions {
  /** A month 2024-03, a quarter 2024Q1 or a year 2024. */
  period: string;
  /** One university's brief; null or absent: the province's. */
  university?: string | null;
}

/** The headline figures, in the order the brief shows them (the index: universities only — the
 *  province has no index of its own). */
export const HEADLINES: { key: string; label: string; unit: FigureUnit; nullReason: string }[] = [
  { key: 'index', label: '质效指数', unit: 'index', nullReason: '无可计算指数的单位' },
  { key: 'regularity', label: '规范执行率', unit: 'rate', nullReason: '本期无应开会议项' },
  { key: 'participation_rate', label: '参会率', unit: 'rate', nullReason: '本期无应到人次' },
  { key: 'observer_coverage', label: '列席覆盖率', unit: 'rate', nullReason: '本期无在册支部' },
  { key: 'quality_score', label: '列席评分', unit: 'score', nullReason: '本期无列席督导' },
  { key: 'rectification_rate', label: '整改按期完成率', unit: 'rate', nullReason: '本期无到期整改事项' },
  { key: 'dual_life_rate', label: '双重组织生活率', unit: 'rate', nullReason: '本期无应参加的领导干部季度' },
  { key: 'case_compliance', label: '案例报送率', unit: 'rate', nullReason: '本期无应报送季度' },
];

/** The headlines of a scope: the province has no index (it ranks universities instead). */
export function headlinesFor(university: string | null): typeof HEADLINES {
  return university ? HEADLINES : HEADLINES.filter((h) => h.key !== 'index');
}

export const RULE_NAMES: Record<string, string> = {
  A01_silent_month: '整月无活动',
  A02_chronic_absentee: '长期缺席',
  A03_uniform_sign_in: '签到时间雷同',
  A04_short_meeting: '会议时长过短',
  A05_count_mismatch: '实到人数不符',
  A06_halt_not_redone: '叫停后未按期补开',
  A07_rating_inconsistent: '评议等次与执行不符',
  A08_no_criticism: '组织生活会无批评意见',
  A09_participation_drop: '参会率骤降',
  A10_no_year_end_report: '缺年度组织生活通报',
  A11_sign_in_outside: '签到时间超出会议时段',
  A12_cadre_absent: '领导干部未过双重组织生活',
};

type Figures = Record<string, number | null>;

export interface RankingEntry {
  rank: number | null;
  code: string;
  name: string;
  index: number | null;
  rank_change: number | null;
  regularity: number | null;
  participation_rate: number | null;
  quality_score: number | null;
  observer_coverage: number | null;
}

export interface BriefData {
  period: Period;
  previous: Period;
  asOf: string;
  generatedAt: string;
  /** 全省, or the university's name. */
  scopeName: string;
  university: string | null;
  /** What the ranking lists: 高校 (province) or 院系 (a university). */
  rankingUnit: '高校' | '院系';
  current: Figures | null;
  previousFigures: Figures | null;
  trend: { period: string; values: Figures }[];
  ranking: RankingEntry[];
  anomalies: {
    total: number;
    previousTotal: number;
    bySeverity: Record<string, number>;
    byRule: { code: string; severity: string; n: number }[];
    byStatus: Record<string, number>;
  };
  rectification: { due: number; closedOnTime: number; closedLate: number; open: number; overdueOpen: number; rate: number | null };
  sentences: BriefSentences;
}

/** The generated sentences, by section of the brief. */
export interface BriefSentences {
  overall: string[];
  /** Null when no unit is ranked. */
  ranking: string | null;
  anomalies: string;
  rectification: string;
}

async function rows(c: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function figures(r: Record<string, unknown> | undefined): Figures | null {
  if (!r) return null;
  const out: Figures = {};
  for (const h of HEADLINES) out[h.key] = num(r[h.key]);
  out.overdue_open = num(r.overdue_open);
  out.n_rectifications_due = num(r.n_rectifications_due);
  out.excellent_cases = num(r.excellent_cases);
  return out;
}

function shanghaiNow(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date());
  return parts.replace(',', '');
}

/** Read everything the brief shows, from the built marts. */
export async function readBriefData(c: DuckDBConnection, options: BriefOptions): Promise<BriefData> {
  const period = parsePeriodCode(parsePeriod(options.period));
  if (!period) throw new UserError(`无法识别的时期 ${options.period}`, 2);
  const built = new Set((await rows(c, "select table_name as n from duckdb_tables() where schema_name = 'main'")).map((r) => String(r.n)));
  for (const m of ['mart_province_period_indicators', 'mart_university_period_indicators', 'mart_anomalies', 'mart_anomalies_by_period', 'int_params']) {
    if (!built.has(m)) throw new UserError('数据仓库中还没有指标模型：请先导入数据（zhixiao ingest PATH…）或运行 zhixiao build (the models are not built yet).', 2);
  }
  const asOf = String((await rows(c, "select strftime(as_of, '%Y-%m-%d') as d from int_params"))[0]?.d ?? '');
  const known = await rows(c, 'select period_code from int_periods where period_code = $1', [period.code]);
  if (known.length === 0) throw new UserError(`时期 ${period.code} 没有数据（数据截至 ${asOf}）：请换一个时期。`, 2);
  const university = options.university ?? null;
  let scopeName = '全省';
  if (university) {
    const u = await rows(c, 'select university_name from stg_universities where university_code = $1', [university]);
    if (u.length === 0) throw new UserError(`未知的高校代码 ${university}。`, 2);
    scopeName = String(u[0].university_name);
  }
  const previous = previousPeriod(period);
  const lastQuarter = periodContaining(period.end < asOf ? period.end : asOf, 'quarter');
  const quarters = trailingPeriods(lastQuarter, 8).map((p) => p.code);
  const wanted = [...new Set([period.code, previous.code, ...quarters])];
  // The scope's mart: the province's, or the university's rows of the university mart.
  const scopeRows = university
    ? await rows(c, 'select * from mart_university_period_indicators where university_code = $1 and list_contains($2::varchar[], period_code)', [university, listOf(wanted)])
    : await rows(c, 'select * from mart_province_period_indicators where list_contains($1::varchar[], period_code)', [listOf(wanted)]);
  const byPeriod = new Map(scopeRows.map((r) => [String(r.period_code), r]));
  const current = figures(byPeriod.get(period.code));
  const previousFigures = figures(byPeriod.get(previous.code));
  const trend = quarters.map((q) => ({ period: q, values: figures(byPeriod.get(q)) ?? {} }));

  const rankingSql = university
    ? `select rank, org_code as code, org_name as name, index, rank_change, regularity, participation_rate, quality_score, observer_coverage
       from mart_college_period_indicators where university_code = $2 and period_code = $1 order by rank nulls last, org_name collate zh`
    : `select rank, university_code as code, university_name as name, index, rank_change, regularity, participation_rate, quality_score, observer_coverage
       from mart_university_period_indicators where period_code = $1 order by rank nulls last, university_name collate zh`;
  const ranking = (await rows(c, rankingSql, university ? [period.code, university] : [period.code])).map((r) => ({
    rank: num(r.rank),
    code: String(r.code),
    name: String(r.name),
    index: num(r.index),
    rank_change: num(r.rank_change),
    regularity: num(r.regularity),
    participation_rate: num(r.participation_rate),
    quality_score: num(r.quality_score),
    observer_coverage: num(r.observer_coverage),
  }));

  const anomalyRows = await rows(
    c,
    `with ${LATEST_REVIEWS_CTE}
     select a.code, a.severity, coalesce(l.status, '待核实') as status,
            p.period_code = $1 as is_current, count(*)::integer as n
     from mart_anomalies_by_period as p
     join mart_anomalies as a on a.anomaly_id = p.anomaly_id
     left join latest as l on l.anomaly_key = ${ANOMALY_KEY_SQL}
     where p.period_code in ($1, $2)
       and ($3::varchar is null or a.university_code = $3)
     group by all`,
    // The anomalies a period shows are those \`zhixiao report anomalies --period P\` and the 异常 page
    // list (mart_anomalies_by_period): one chronic-absentee window, P's own participation drop.
    [period.code, previous.code, university],
  );
  const anomalies: BriefData['anomalies'] = { total: 0, previousTotal: 0, bySeverity: { high: 0, medium: 0, low: 0 }, byRule: [], byStatus: { 待核实: 0, 已核实: 0, 误报: 0, 已转整改: 0 } };
  const byRule = new Map<string, { code: string; severity: string; n: number }>();
  for (const r of anomalyRows) {
    const n = Number(r.n);
    if (!r.is_current) {
      anomalies.previousTotal += n;
      continue;
    }
    anomalies.total += n;
    anomalies.bySeverity[String(r.severity)] = (anomalies.bySeverity[String(r.severity)] ?? 0) + n;
    anomalies.byStatus[String(r.status)] = (anomalies.byStatus[String(r.status)] ?? 0) + n;
    const key = `${r.code}|${r.severity}`;
    const entry = byRule.get(key) ?? { code: String(r.code), severity: String(r.severity), n: 0 };
    entry.n += n;
    byRule.set(key, entry);
  }
  anomalies.byRule = [...byRule.values()].sort((a, b) => b.n - a.n || a.code.localeCompare(b.code));

  const rect = (
    await rows(
      c,
      `with p as (select $1::date as as_of, $2::date as p_start, $3::date as p_end),
       items as (
         select r.*, p.*,
           coalesce(r.status in ('未整改', '整改中'), false) as is_open
         from stg_rectifications as r
         join int_branches as b using (branch_code)
         cross join p
         where ($4::varchar is null or b.university_code = $4)
       )
       -- as the models count rectification_rate: items due in P, closed on time when closed_on ≤ due_on
       select
         count(*) filter (where due_on between p_start and p_end)::integer as due,
         count(*) filter (where due_on between p_start and p_end and closed_on <= due_on)::integer as closed_on_time,
         count(*) filter (where due_on between p_start and p_end and not is_open and not coalesce(closed_on <= due_on, false))::integer as closed_late,
         count(*) filter (where due_on between p_start and p_end and is_open)::integer as open,
         count(*) filter (where is_open and due_on < as_of)::integer as overdue_open
       from items`,
      [asOf, period.start, period.end, university],
    )
  )[0];
  const due = Number(rect.due);
  const rectification = {
    due,
    closedOnTime: Number(rect.closed_on_time),
    closedLate: Number(rect.closed_late),
    open: Number(rect.open),
    overdueOpen: Number(rect.overdue_open),
    rate: due > 0 ? Number(rect.closed_on_time) / due : null,
  };

  const data: BriefData = {
    period,
    previous,
    asOf,
    generatedAt: shanghaiNow(),
    scopeName,
    university,
    rankingUnit: university ? '院系' : '高校',
    current,
    previousFigures,
    trend,
    ranking,
    anomalies,
    rectification,
    sentences: { overall: [], ranking: null, anomalies: '', rectification: '' },
  };
  data.sentences = briefSentences(data);
  return data;
}

/** A VARCHAR[] parameter; never empty here (DuckDB cannot type an empty list parameter). */
function listOf(items: string[]) {
  return listValue(items);
}

/** The generated sentences of each section. */
export function briefSentences(d: Omit<BriefData, 'sentences'>): BriefSentences {
  const kind = d.period.kind;
  const w = periodWords(kind);
  const out: BriefSentences = { overall: [], ranking: null, anomalies: '', rectification: '' };
  for (const h of headlinesFor(d.university)) {
    out.overall.push(
      figureSentence({ kind, scope: d.scopeName, label: h.label, unit: h.unit, current: d.current?.[h.key] ?? null, previous: d.previousFigures?.[h.key] ?? null, nullReason: h.nullReason }),
    );
  }
  const ranked = d.ranking.filter((r) => r.rank !== null);
  if (ranked.length > 0) {
    const top = ranked.slice(0, 3).map((r) => `${r.name}（${formatFigure(r.index, 'index')}）`);
    let s = `${w.current}质效指数居前的${d.rankingUnit}是${top.join('、')}`;
    const moved = ranked.filter((r) => r.rank_change !== null && r.rank_change !== 0);
    const up = moved.filter((r) => r.rank_change! > 0).sort((a, b) => b.rank_change! - a.rank_change!)[0];
    const down = moved.filter((r) => r.rank_change! < 0).sort((a, b) => a.rank_change! - b.rank_change!)[0];
    if (up) s += `；名次上升最多的是${up.name}（上升 ${up.rank_change} 位）`;
    if (down) s += `${up ? '，' : '；名次'}下降最多的是${down.name}（下降 ${-down.rank_change!} 位）`;
    out.ranking = s + '。';
  }
  const a = d.anomalies;
  if (a.total === 0) {
    out.anomalies = `${w.current}未发现支部级异常，${countChange(0, a.previousTotal, kind)}。`;
  } else {
    const parts = (['high', 'medium', 'low'] as const).filter((s) => a.bySeverity[s] > 0).map((s) => `${SEVERITY_ZH[s]} ${a.bySeverity[s]} 条`);
    const top = a.byRule[0];
    out.anomalies = (
      `${w.current}共发现支部级异常 ${a.total} 条（${parts.join('、')}），${countChange(a.total, a.previousTotal, kind)}` +
        (top ? `；最多的是“${RULE_NAMES[top.code] ?? top.code}”（${top.n} 条）` : '') +
        `。已核实 ${a.byStatus['已核实'] ?? 0} 条、误报 ${a.byStatus['误报'] ?? 0} 条、已转整改 ${a.byStatus['已转整改'] ?? 0} 条，待核实 ${a.byStatus['待核实'] ?? 0} 条。`
    );
  }
  const r = d.rectification;
  out.rectification = (
    r.due === 0
      ? `${w.current}没有到期的整改事项；截至 ${d.asOf}，逾期未整改事项 ${r.overdueOpen} 项。`
      : `${w.current}到期整改事项 ${r.due} 项，按期完成 ${r.closedOnTime} 项，按期完成率 ${formatFigure(r.rate, 'rate')}；截至 ${d.asOf}，逾期未整改事项 ${r.overdueOpen} 项。`
  );
  return out;
}

function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function periodLabel(p: Period): string {
  if (p.kind === 'quarter') return `${p.year} 年第 ${p.index} 季度`;
  if (p.kind === 'month') return `${p.year} 年 ${p.index} 月`;
  return `${p.year} 年度`;
}

/** The brief's title: 全省高校党支部组织生活质效分析研判（2024 年第 2 季度）. */
export function briefTitle(d: Pick<BriefData, 'scopeName' | 'university' | 'period'>): string {
  return `${d.university ? d.scopeName : '全省高校'}党支部组织生活质效分析研判（${periodLabel(d.period)}）`;
}

/** Section headings (the tests look for them in the HTML and in the PDF's text). */
export const SECTION_HEADINGS = ['一、总体情况', '二、督查排名', '三、异常预警', '四、整改落实'] as const;

/** The brief as one self-contained HTML document (inline CSS and SVG; no script, no network). */
export function renderBriefHtml(d: BriefData): string {
  const w = periodWords(d.period.kind);
  const title = briefTitle(d);
  const headlineRows = headlinesFor(d.university).map((h) => {
    const cur = d.current?.[h.key] ?? null;
    const prev = d.previousFigures?.[h.key] ?? null;
    return `<tr><th scope="row">${esc(h.label)}</th><td>${esc(formatFigure(cur, h.unit))}</td><td>${esc(formatFigure(prev, h.unit))}</td><td>${esc(changeText(cur, prev, h.unit))}</td></tr>`;
  }).join('\n');
  const trendSvg = renderSvg(
    trendOption(
      d.trend.map((t) => t.period),
      [
        { name: '规范执行率', values: d.trend.map((t) => t.values.regularity ?? null) },
        { name: '参会率', values: d.trend.map((t) => t.values.participation_rate ?? null) },
        { name: '列席覆盖率', values: d.trend.map((t) => t.values.observer_coverage ?? null) },
      ],
    ),
    680,
    240,
  );
  const rankingLimit = 20;
  const rankingSvg = d.ranking.some((r) => r.index !== null) ? renderSvg(rankingOption(d.ranking, rankingLimit), 680, Math.max(120, Math.min(rankingLimit, d.ranking.filter((r) => r.index !== null).length) * 22 + 40)) : '';
  const rankingRows = d.ranking
    .map(
      (r) =>
        `<tr><td class="num">${r.rank ?? '—'}</td><td>${esc(r.name)}</td><td class="num">${esc(formatFigure(r.index, 'index'))}</td><td class="num">${r.rank_change === null ? '—' : r.rank_change > 0 ? `▲${r.rank_change}` : r.rank_change < 0 ? `▼${-r.rank_change}` : '0'}</td><td class="num">${esc(formatFigure(r.regularity, 'rate'))}</td><td class="num">${esc(formatFigure(r.participation_rate, 'rate'))}</td><td class="num">${esc(formatFigure(r.quality_score, 'score'))}</td><td class="num">${esc(formatFigure(r.observer_coverage, 'rate'))}</td></tr>`,
    )
    .join('\n');
  const a = d.anomalies;
  const anomalySvg = a.byRule.length ? renderSvg(anomaliesOption(a.byRule.map((r) => ({ label: `${r.code.slice(0, 3)} ${RULE_NAMES[r.code] ?? r.code}`, severity: r.severity, n: r.n }))), 680, Math.max(140, new Set(a.byRule.map((r) => r.code)).size * 26 + 60)) : '';
  const anomalyRows = a.byRule
    .map((r) => `<tr><td>${esc(r.code.slice(0, 3))} ${esc(RULE_NAMES[r.code] ?? r.code)}</td><td>${esc(SEVERITY_ZH[r.severity] ?? r.severity)}</td><td class="num">${r.n}</td></tr>`)
    .join('\n');
  const rc = d.rectification;
  const rectParts = [
    { name: '按期完成', value: rc.closedOnTime, color: '#1a7f37' },
    { name: '逾期完成', value: rc.closedLate, color: '#9a6700' },
    { name: '尚未完成', value: rc.open, color: '#b3261e' },
  ].filter((p) => p.value > 0);
  const rectSvg = rc.due > 0 ? renderSvg(rectificationOption(rectParts), 420, 240) : '';
  const [overall, ranking, anomalies, rectification] = SECTION_HEADINGS;
  const { overall: overallSentences, ranking: rankingSentence, anomalies: anomalySentence, rectification: rectSentence } = d.sentences;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>
  @page { size: A4; margin: 16mm 14mm 18mm; }
  :root { font-family: 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; font-size: 10.5pt; color: #1f2328; }
  body { margin: 0 auto; max-width: 190mm; line-height: 1.6; }
  h1 { font-size: 17pt; text-align: center; margin: 0 0 4pt; color: #a3161b; }
  .meta { text-align: center; color: #57606a; font-size: 9pt; margin: 0 0 12pt; }
  h2 { font-size: 13pt; border-left: 4pt solid #a3161b; padding-left: 6pt; margin: 16pt 0 6pt; break-after: avoid; }
  h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
  p.says { text-indent: 2em; margin: 3pt 0; }
  table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6pt 0; }
  th, td { border: 0.5pt solid #8c959f; padding: 2pt 5pt; text-align: left; }
  thead th { background: #f3e1e1; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 6pt 0; break-inside: avoid; text-align: center; }
  figcaption { font-size: 9pt; color: #57606a; }
  tr { break-inside: avoid; }
  .note { font-size: 8.5pt; color: #57606a; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">范围：${esc(d.scopeName)} · 期间：${esc(d.period.code)}（${esc(d.period.start)} 至 ${esc(d.period.end)}）· 对比：${esc(d.previous.code)} · 数据截至 ${esc(d.asOf)} · 生成于 ${esc(d.generatedAt)}</p>
${d.period.end > d.asOf ? `<p class="meta note">注意：本期尚未结束，数据截至 ${esc(d.asOf)}，与上期的比较仅供参考；应开会议等只计已结束的月份和季度。</p>` : ''}

<h2>${overall}</h2>
${overallSentences.map((s) => `<p class="says">${esc(s)}</p>`).join('\n')}
<table>
<caption class="note">核心指标（${esc(w.current)} ${esc(d.period.code)} 与${esc(w.previous)} ${esc(d.previous.code)}）</caption>
<thead><tr><th scope="col">指标</th><th scope="col">${esc(w.current)}</th><th scope="col">${esc(w.previous)}</th><th scope="col">变化</th></tr></thead>
<tbody>
${headlineRows}
</tbody>
</table>
<figure>${trendSvg}<figcaption>图 1 近 8 个季度规范执行率、参会率、列席覆盖率（%）</figcaption></figure>

<h2>${ranking}</h2>
${rankingSentence ? `<p class="says">${esc(rankingSentence)}</p>` : `<p class="says">${esc(w.current)}没有可排名的${esc(d.rankingUnit)}。</p>`}
${rankingSvg ? `<figure>${rankingSvg}<figcaption>图 2 ${esc(d.rankingUnit)}质效指数${d.ranking.length > rankingLimit ? `（前 ${rankingLimit} 名）` : ''}</figcaption></figure>` : ''}
<table>
<thead><tr><th scope="col">排名</th><th scope="col">${esc(d.rankingUnit)}</th><th scope="col">质效指数</th><th scope="col">名次变化</th><th scope="col">规范执行率</th><th scope="col">参会率</th><th scope="col">列席评分</th><th scope="col">列席覆盖率</th></tr></thead>
<tbody>
${rankingRows || `<tr><td colspan="8">无数据</td></tr>`}
</tbody>
</table>

<h2>${anomalies}</h2>
${anomalySentence ? `<p class="says">${esc(anomalySentence)}</p>` : ''}
${anomalySvg ? `<figure>${anomalySvg}<figcaption>图 3 异常（按类型与严重程度，条）</figcaption></figure>` : ''}
${anomalyRows ? `<table><thead><tr><th scope="col">异常类型</th><th scope="col">严重程度</th><th scope="col">条数</th></tr></thead><tbody>${anomalyRows}</tbody></table>` : ''}

<h2>${rectification}</h2>
${rectSentence ? `<p class="says">${esc(rectSentence)}</p>` : ''}
${rectSvg ? `<figure>${rectSvg}<figcaption>图 4 ${esc(w.current)}到期整改事项完成情况（项）</figcaption></figure>` : ''}
<p class="note">口径：指标定义见《指标说明》；比率按分子分母合计计算，分母为 0 时记为“—”。变化按表中显示的数值计算。</p>
</body>
</html>
`;
}

/** The brief as HTML, read on `c`. */
export async function briefHtml(c: DuckDBConnection, options: BriefOptions): Promise<string> {
  return renderBriefHtml(await readBriefData(c, options));
}

/** Print an HTML document to A4 PDF with Debian's chromium (fresh profile, removed after). */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new UserError(`生成 PDF 需要 chromium（${CHROMIUM}）：请运行 bash scripts/ensure-browser.sh 安装，或改用 --out 文件名.html。`, 2);
  }
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-pdf-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS], offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: '<div style="width:100%;text-align:center;font-size:8pt;color:#57606a;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The brief as PDF, read on `c`. */
export async function briefPdf(c: DuckDBConnection, options: BriefOptions): Promise<Uint8Array> {
  return htmlToPdf(await briefHtml(c, options));
}

/** `zhixiao report brief --period P [--university CODE] --out FILE.pdf|.html` */
export async function runBriefReport(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { period: { type: 'string' }, university: { type: 'string' }, out: { type: 'string' } });
  const period = parsePeriod(values.period);
  const out = values.out;
  if (!out) throw new UserError('缺少 --out：请给出输出文件，如 --out 研判报告.pdf 或 --out 研判报告.html (missing --out).', 2);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.pdf' && ext !== '.html' && ext !== '.htm') throw new UserError(`--out 应以 .pdf 或 .html 结尾，而不是“${out}” (use .pdf or .html).`, 2);
  const warehouse = await openExistingWarehouse(resolveDbPath(values.db as string | undefined));
  const c = await warehouse.connect();
  let bytes: Uint8Array | string;
  try {
    const html = await briefHtml(c, { period, university: values.university ?? null });
    bytes = ext === '.pdf' ? await htmlToPdf(html) : html;
  } finally {
    c.closeSync();
    warehouse.close();
  }
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, bytes);
  process.stderr.write(`研判报告已写入 ${path.resolve(out)}\n`);
  return 0;
}
