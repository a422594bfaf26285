/**
 * The periodic brief (定期分析研判) on the tiny warehouse of world.ts: the figures and the
 * generated sentences, the HTML's headings and charts, and the PDF's text (pdftotext).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefTitle, htmlToPdf, readBriefData, renderBriefHtml, runBriefReport, SECTION_HEADINGS, type BriefData } from '../../reports/brief.ts';
import { readAnomalyRows } from '../../reports/anomalies.ts';
import { changeText, changeWords, figureSentence } from '../../reports/brief-text.ts';
import { UserError } from '../../warehouse/errors.ts';
import { World } from '../models/helpers.ts';
import { createDashboardWorld } from './world.ts';

let world: World;
let province: BriefData;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-brief-test-'));
  world = await createDashboardWorld(path.join(dir, 'w.duckdb'));
  province = await readBriefData(world.connection, { period: '2024Q2' });
});
afterAll(() => {
  world?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the sentences', () => {
  it('state the figure and its change against the previous period, in percentage points for rates', () => {
    expect(figureSentence({ kind: 'quarter', scope: '全省', label: '规范执行率', unit: 'rate', current: 0.9234, previous: 0.9114 })).toBe(
      '本季度全省规范执行率为 92.3%，较上季度上升 1.2 个百分点。',
    );
    expect(figureSentence({ kind: 'month', scope: '示例大学', label: '列席评分', unit: 'score', current: 80, previous: 84.44 })).toBe(
      '本月示例大学列席评分为 80.0 分，较上月下降 4.4 分。',
    );
    expect(figureSentence({ kind: 'year', scope: '全省', label: '参会率', unit: 'rate', current: 0.5, previous: 0.50004 })).toBe('本年度全省参会率为 50.0%，与上年度持平。');
    expect(figureSentence({ kind: 'quarter', scope: '全省', label: '参会率', unit: 'rate', current: 0.5, previous: null })).toBe('本季度全省参会率为 50.0%，上季度无可比数据。');
    expect(figureSentence({ kind: 'quarter', scope: '全省', label: '整改按期完成率', unit: 'rate', current: null, previous: 0.5, nullReason: '本期无到期整改事项' })).toBe(
      '本季度全省整改按期完成率无数据（本期无到期整改事项）。',
    );
  });

  it('compute the change from the figures as printed', () => {
    // 0.91149 prints as 91.1%, 0.92351 as 92.4%: the printed change is 1.3, not 1.2.
    expect(changeWords(0.92351, 0.91149, 'rate')).toBe('上升 1.3 个百分点');
    expect(changeText(78.125, 79.2, 'index')).toBe('−1.07');
    expect(changeText(null, 1, 'rate')).toBe('—');
  });

  it('describe the province of the world: regularity, anomalies and rectification', () => {
    const s = province.sentences;
    // 2024Q2: 8 met of 15 required pairs (B2 missed May); 2024Q1: 9 of 15.
    expect(s.overall).toContain('本季度全省规范执行率为 53.3%，较上季度下降 6.7 个百分点。');
    expect(s.overall).toContain('本季度全省参会率为 88.9%，较上季度下降 11.1 个百分点。');
    expect(s.overall.some((x) => x.includes('质效指数'))).toBe(false);
    expect(s.ranking).toMatch(/^本季度质效指数居前的高校是/);
    expect(s.anomalies).toBe('本季度共发现支部级异常 2 条（高 1 条、中 1 条），较上季度增加 2 条；最多的是“整月无活动”（1 条）。已核实 0 条、误报 0 条、已转整改 0 条，待核实 2 条。');
    expect(s.rectification).toBe('本季度到期整改事项 3 项，按期完成 1 项，按期完成率 33.3%；截至 2024-07-01，逾期未整改事项 1 项。');
  });
});

describe('the document', () => {
  it('is one HTML page with the title, the four sections, the charts as SVG and no script', () => {
    const html = renderBriefHtml(province);
    expect(html).toContain(`<title>${briefTitle(province)}</title>`);
    expect(briefTitle(province)).toBe('全省高校党支部组织生活质效分析研判（2024 年第 2 季度）');
    for (const h of SECTION_HEADINGS) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('示例大学');
    expect(html).toContain('数据截至 2024-07-01');
  });

  it('for a university ranks its colleges and states its own index', async () => {
    const u1 = await readBriefData(world.connection, { period: '2024Q2', university: 'U1' });
    expect(u1.scopeName).toBe('示例大学');
    expect(u1.rankingUnit).toBe('院系');
    expect(u1.ranking.map((r) => r.code)).toEqual(['C1']);
    expect(u1.sentences.overall[0]).toMatch(/^本季度示例大学质效指数为 \d+\.\d\d/);
    expect(u1.anomalies.total).toBe(2);
    const u2 = await readBriefData(world.connection, { period: '2024Q2', university: 'U2' });
    expect(u2.anomalies.total).toBe(0);
    expect(u2.sentences.anomalies).toBe('本季度未发现支部级异常，与上季度持平。');
    expect(briefTitle(u2)).toBe('芜湖学院党支部组织生活质效分析研判（2024 年第 2 季度）');
  });

  it('counts the anomalies `zhixiao report anomalies` lists for the period and for the one before', async () => {
    for (const period of ['2024', '2024Q2', '2024-06']) {
      const brief = await readBriefData(world.connection, { period });
      const listed = await readAnomalyRows(world.connection, { period });
      const before = await readAnomalyRows(world.connection, { period: brief.previous.code });
      expect(brief.anomalies.total, period).toBe(listed.rows.length);
      expect(brief.anomalies.previousTotal, period).toBe(before.rows.length);
    }
  });

  it('refuses an unknown university or a period without data, saying so', async () => {
    await expect(readBriefData(world.connection, { period: '2024Q2', university: 'NOPE' })).rejects.toThrow(UserError);
    await expect(readBriefData(world.connection, { period: '2019Q1' })).rejects.toThrow(/没有数据/);
  });

  it('prints to PDF whose text carries the title, the headings and the sentences', async () => {
    const pdf = await htmlToPdf(renderBriefHtml(province));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const file = path.join(dir, 'brief.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('全省高校党支部组织生活质效分析研判');
    for (const h of SECTION_HEADINGS) expect(text).toContain(h);
    expect(text.replace(/\s+/g, '')).toContain('本季度全省规范执行率为53.3%，较上季度下降6.7个百分点。');
  });
});

describe('zhixiao report brief', () => {
  it('writes the HTML brief to --out', async () => {
    const dbPath = path.join(dir, 'w.duckdb');
    world.close();
    const out = path.join(dir, 'out', '研判.html');
    expect(await runBriefReport(['--db', dbPath, '--period', '2024q2', '--out', out])).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<h2>一、总体情况</h2>');
    await expect(runBriefReport(['--db', dbPath, '--period', '2024Q2', '--out', path.join(dir, 'x.docx')])).rejects.toThrow(/\.pdf 或 \.html/);
    await expect(runBriefReport(['--db', dbPath, '--period', '2024Q2'])).rejects.toThrow(/缺少 --out/);
  });
});

describe('the anomaly count of a period', () => {
  it('takes a chronic absentee once, for the 6 months ending at the end of the period, as the anomaly list does', async () => {
    // P1 absent at every monthly meeting Jan–Jun 2024: A02 windows end in March, April, May and
    // June; a quarter shows the one ending with it (June for Q2, March for Q1), not one a month.
    const w = await World.create();
    try {
      await w.branches({ org_code: 'B1', org_name: '文学院第一党支部' });
      await w.members('B1', 3);
      const months = ['01', '02', '03', '04', '05', '06'];
      for (const m of months) {
        await w.activity(`T${m}`, 'B1', '主题党日', `2024-${m}-10 14:00:00`, { ended_at: `2024-${m}-10 15:30:00` });
        await w.roll(`T${m}`, 'B1', ['缺席', '出席', '出席']);
      }
      await w.activity('T07', 'B1', '主题党日', '2024-07-01 14:00:00', { ended_at: '2024-07-01 15:30:00' });
      await w.build();
      const brief = await readBriefData(w.connection, { period: '2024Q2' });
      expect(brief.anomalies.byRule.filter((r) => r.code === 'A02_chronic_absentee')).toEqual([{ code: 'A02_chronic_absentee', severity: 'high', n: 1 }]);
      expect(brief.anomalies.previousTotal).toBe((await readAnomalyRows(w.connection, { period: '2024Q1' })).rows.length);
      expect(brief.anomalies.total).toBe((await readAnomalyRows(w.connection, { period: '2024Q2' })).rows.length);
    } finally {
      w.close();
    }
  });
});
