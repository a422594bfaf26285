/**
 * The supervision pages in chromium at 1366×768 (异常, 列席, 整改, 案例, 干部, 数据) and the brief:
 * each loads with no console error and no serious axe violation (screenshots saved); an anomaly's
 * follow-up persists across a reload with who and when; a messy upload shows its preview, then
 * its report with the quarantined rows; the brief comes as HTML and PDF.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, settle, type TestBrowser } from './browser.ts';
import { seriousViolations } from './axe.ts';
import { TEST_USERS } from './auth.ts';
import { ROOT } from '../../dashboard/server/start.ts';

const base = inject('baseUrl');
let tb: TestBrowser;
let dir: string;

beforeAll(async () => {
  tb = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-supervision-'));
});
afterAll(async () => {
  await tb?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const shot = (name: string) => path.join(ROOT, `test-results/screenshots/${name}.png`);

const PAGES: { name: string; path: string; heading: RegExp; testid: string }[] = [
  { name: 'anomalies', path: '/anomalies', heading: /异常核实/, testid: 'anomaly-table' },
  { name: 'observation', path: '/observation', heading: /列席督导/, testid: 'suggestion-table' },
  { name: 'rectification', path: '/rectification', heading: /整改落实/, testid: 'items-table' },
  { name: 'cases', path: '/cases', heading: /典型案例/, testid: 'case-matrix' },
  { name: 'cadres', path: '/cadres', heading: /双重组织生活/, testid: 'cadres-missing-table' },
  { name: 'data', path: '/data', heading: /数据管理/, testid: 'runs-table' },
  { name: 'observation-en', path: '/observation?lang=en&quarters=1', heading: /Observation planning/, testid: 'suggestion-table' },
];

describe('the supervision pages', () => {
  for (const p of PAGES) {
    it(`${p.name} (${p.path}) loads with no console error and no serious axe violation`, async () => {
      const { page, errors } = await openPage(tb.context);
      const response = await page.goto(base + p.path);
      expect(response?.status()).toBe(200);
      await settle(page);
      await expect(page.locator('main h1').first().textContent()).resolves.toMatch(p.heading);
      await expect(page.getByTestId(p.testid).count()).resolves.toBe(1);
      await page.screenshot({ path: shot(p.name), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('the closed loop of an anomaly', () => {
  it('records 已核实 with a note; after a reload the status, who and when are still shown', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/anomalies');
    await settle(page);
    await page.getByTestId('anomaly-table').getByRole('link', { name: '核实' }).first().click();
    await page.waitForURL(/key=[0-9a-f]{64}/);
    const panel = page.getByTestId('anomaly-detail');
    await expect(panel.getByTestId('review-status').textContent()).resolves.toBe('待核实');
    await expect(panel.getByTestId('evidence').locator('a').count()).resolves.toBeGreaterThan(0);
    await panel.getByLabel('已核实').check();
    await panel.getByTestId('review-note').fill('已电话核实，情况属实');
    await panel.getByTestId('review-submit').click();
    await expect(panel.locator('[role="status"]').textContent()).resolves.toContain(TEST_USERS.province.username);
    await page.waitForFunction(() => document.querySelector('[data-testid="review-status"]')?.textContent === '已核实');
    const url = page.url();
    await page.reload();
    await settle(page);
    expect(page.url()).toBe(url);
    await expect(panel.getByTestId('review-status').textContent()).resolves.toBe('已核实');
    const who = await panel.getByTestId('review-who').textContent();
    expect(who).toContain(TEST_USERS.province.username);
    expect(who).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    await expect(panel.getByTestId('review-history').textContent()).resolves.toContain('已电话核实，情况属实');
    // The list shows the new status, and the status filter finds it.
    await page.goto(base + '/anomalies?status=' + encodeURIComponent('已核实'));
    await settle(page);
    await expect(page.getByTestId('anomaly-table').locator('tbody').textContent()).resolves.toContain(TEST_USERS.province.username);
    await page.screenshot({ path: shot('anomalies-reviewed'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('loading files on the 数据 page', () => {
  it('previews each file, uploads them in one run and shows the report with the quarantined rows', async () => {
    // A messy 述职评议 export for 2022 (no indicator of the fixture's periods reads it): one good
    // row, a bad rating, an unknown branch, a bad year; an unknown column; and an unrelated file.
    const messy = path.join(dir, '述职评议_2022.csv');
    fs.writeFileSync(messy, '年度,支部代码,评议等次,备注\r\n2022,U001-C1-B1,好,\r\n2022,U001-C1-B2,很好,写错了\r\n2022,NO-SUCH-BRANCH,好,\r\n二〇二二,U001-C2-B1,一般,\r\n');
    const unrelated = path.join(dir, '会议室预约.csv');
    fs.writeFileSync(unrelated, '房间,日期\r\n301,2024-05-01\r\n');
    // A workbook with a title row: previewed (read-excel-file in the browser), then removed.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('评议结果');
    sheet.addRow(['2021 年度党支部书记述职评议']);
    sheet.addRow(['年度', '支部代码', '评议等次']);
    sheet.addRow([2021, 'U001-C1-B1', '好']);
    const xlsx = path.join(dir, '评议_2021.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/data');
    await settle(page);
    const runsBefore = await page.getByTestId('runs-table').locator('tbody tr').count();
    await page.getByTestId('file-input').setInputFiles([xlsx]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="preview"]').length === 1);
    await expect(page.getByTestId('preview').first().textContent()).resolves.toMatch(/评议结果[\s\S]*党支部书记述职评议[\s\S]*表头在第 2 行/);
    await page.getByRole('button', { name: '移除 评议_2021.xlsx' }).click();
    await expect(page.getByTestId('chosen-file').count()).resolves.toBe(0);
    await page.getByTestId('file-input').setInputFiles([messy, unrelated]);
    const previews = page.getByTestId('preview');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="preview"]').length === 2);
    await expect(previews.nth(0).textContent()).resolves.toContain('党支部书记述职评议');
    await expect(previews.nth(0).textContent()).resolves.toContain('备注');
    await expect(previews.nth(0).getAttribute('data-verdict')).resolves.toBe('ok');
    await expect(previews.nth(1).getAttribute('data-verdict')).resolves.toBe('unrecognised');
    await page.screenshot({ path: shot('data-preview'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('upload-start').click();
    const report = page.getByTestId('upload-report');
    await report.waitFor({ timeout: 60_000 });
    const files = await page.getByTestId('report-files').locator('tbody').innerText();
    expect(files).toContain('述职评议_2022.csv');
    expect(files).toContain('拒收');
    const quarantine = page.getByTestId('report-quarantine').locator('tbody tr');
    await expect(quarantine.count()).resolves.toBe(3);
    const text = await page.getByTestId('report-quarantine').locator('tbody').innerText();
    expect(text).toContain('很好');
    expect(text).toContain('NO-SUCH-BRANCH');
    // The quarantined rows download as XLSX.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-quarantine').getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The run history now has the run, and shows its files.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="runs-table"] tbody tr').length > n, runsBefore);
    await expect(page.getByTestId('run-files').locator('tbody').innerText()).resolves.toContain('上传/述职评议_2022.csv');
    await page.screenshot({ path: shot('data-report'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the brief', () => {
  it('is served as HTML and as PDF, and linked from the overview', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/');
    await settle(page);
    const pdfHref = await page.getByTestId('brief-pdf').getAttribute('href');
    expect(pdfHref).toMatch(/^\/brief\?.*format=pdf/);
    const pdf = await page.request.get(base + pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const html = await page.goto(base + '/brief?period=2024Q2&format=html');
    expect(html?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toContain('党支部组织生活质效分析研判');
    for (const h of ['一、总体情况', '二、督查排名', '三、异常预警', '四、整改落实']) await expect(page.getByRole('heading', { name: h }).count()).resolves.toBe(1);
    await page.screenshot({ path: shot('brief'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the observation plan', () => {
  it('keeps N in the URL and exports the suggested list as CSV with a BOM', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/observation');
    await settle(page);
    await page.getByTestId('filter-quarters').selectOption('4');
    await page.waitForURL(/quarters=4/);
    await settle(page);
    const table = page.getByTestId('suggestion-table');
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: '导出 CSV' }).click()]);
    const file = path.join(dir, 'suggestions.csv');
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toContain('优先序');
    expect(errors).toEqual([]);
    await page.close();
  });
});
