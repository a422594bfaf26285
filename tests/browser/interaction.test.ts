/**
 * What analysts do with the dashboard: drill by clicks from the overview down to a meeting's
 * roll; change filters and find them in the URL, the same after a reload; look at the figures as
 * of an earlier date; try other weights and see the ranking change; export a table (CSV with a BOM).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, settle, type TestBrowser } from './browser.ts';
import { FIXTURE } from './fixture-data.ts';

const base = inject('baseUrl');
let tb: TestBrowser;

beforeAll(async () => {
  tb = await launch();
});
afterAll(async () => {
  await tb?.close();
});

describe('drill-down by clicks', () => {
  it('goes from the overview to a university, a branch (through the heatmap), a meeting and its roll', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/');
    await settle(page);
    await page.getByTestId('top-university').first().click();
    await page.waitForURL(/\/u\/U\d+/);
    await settle(page);
    // The heatmap: a cell of the drill branch opens that branch-month's meetings.
    const cell = page.locator('[data-testid="cadence-heatmap"] rect[data-status="1"]').first();
    await cell.click();
    const dialog = page.getByTestId('meetings-dialog');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await page.waitForFunction(() => !document.querySelector('[data-testid="meetings-dialog"] [aria-busy="true"]'));
    await dialog.getByTestId('dialog-branch-link').click();
    await page.waitForURL(/\/b\/U\d+-C\d-B\d/);
    await settle(page);
    await expect(page.locator('nav[aria-label="钻取路径"] li').count()).resolves.toBe(4);
    // A meeting from the timeline, then its roll.
    await page.locator('[data-testid="timeline"] svg a').first().click();
    await page.waitForURL(/\/a\//);
    await settle(page);
    await expect(page.getByTestId('roll-table').locator('tbody tr').count()).resolves.toBeGreaterThan(3);
    await expect(page.getByTestId('lineage').textContent()).resolves.toContain('fixture-run');
    await expect(page.locator('nav[aria-label="钻取路径"] li').count()).resolves.toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the view state lives in the URL', () => {
  it('filters, level, period and sort change the URL, and a reload shows the same view', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/rankings');
    await settle(page);
    await page.getByTestId('filter-city').selectOption('合肥');
    await page.waitForURL(/city=/);
    await page.getByTestId('filter-level').selectOption('branch');
    await page.waitForURL(/level=branch/);
    await page.getByTestId('filter-university').selectOption('U001');
    await page.waitForURL(/university=U001/);
    await page.getByTestId('period-select').selectOption('2024Q1');
    await page.waitForURL(/period=2024Q1/);
    await page.getByTestId('ranking-table').getByRole('button', { name: /规范执行率/ }).click();
    await page.waitForURL(/sort=-regularity/);
    await settle(page);
    const url = page.url();
    expect(new URL(url).searchParams.get('city')).toBe('合肥');
    const before = await page.getByTestId('ranking-table').locator('tbody').innerText();
    await page.reload();
    await settle(page);
    expect(page.url()).toBe(url);
    await expect(page.getByTestId('ranking-table').locator('tbody').innerText()).resolves.toBe(before);
    await expect(page.getByTestId('filter-level').inputValue()).resolves.toBe('branch');
    await expect(page.getByTestId('period-select').inputValue()).resolves.toBe('2024Q1');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("a table's sort in the URL", () => {
  it("on a university's branches table: a header click writes it, a reload and a shared link show the same order", async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/u/U001');
    await settle(page);
    const table = page.getByTestId('branches-table');
    await table.getByRole('button', { name: /参会率/ }).click();
    await page.waitForURL(/sort=-participation_rate/);
    const sorted = await table.locator('tbody').innerText();
    await page.reload();
    await settle(page);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-participation_rate');
    await expect(page.getByTestId('branches-table').locator('tbody').innerText()).resolves.toBe(sorted);
    // another table of the page keeps its own parameter, beside the first one's
    await page.getByTestId('colleges-table').getByRole('button', { name: /参会率/ }).click();
    await page.waitForURL(/sort_colleges=-participation_rate/);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-participation_rate');
    // then, without a reload, another period and the other language keep both sorts
    await page.getByTestId('period-select').selectOption('2024Q1');
    await page.waitForURL(/period=2024Q1/);
    await settle(page);
    const params = new URL(page.url()).searchParams;
    expect([params.get('sort'), params.get('sort_colleges')]).toEqual(['-participation_rate', '-participation_rate']);
    await expect(page.getByTestId('branches-table').getByRole('columnheader', { name: /参会率/ }).getAttribute('aria-sort')).resolves.toBe('descending');
    // Back: the earlier period, still sorted as its address says
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('period'));
    await settle(page);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-participation_rate');
    await expect(page.getByTestId('branches-table').getByRole('columnheader', { name: /参会率/ }).getAttribute('aria-sort')).resolves.toBe('descending');
    await page.goForward();
    await page.waitForURL(/period=2024Q1/);
    await settle(page);
    await page.getByTestId('colleges-table').getByRole('button', { name: /参会率/ }).click(); // descending → ascending
    await page.waitForURL(/sort_colleges=participation_rate/);
    await page.locator('a.lang').click();
    await page.waitForURL(/lang=en/);
    const english = new URL(page.url()).searchParams;
    expect([english.get('sort'), english.get('sort_colleges'), english.get('period')]).toEqual(['-participation_rate', 'participation_rate', '2024Q1']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('figures as of an earlier date', () => {
  it('change when as_of is set, and the date stays in the URL across a reload and the navigation', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + `/?period=${FIXTURE.defaultPeriod}`);
    await settle(page);
    const regularity = page.getByRole('article', { name: '规范执行率' }).locator('.value');
    const participation = page.getByRole('article', { name: '参会率' }).locator('.value');
    const latest = [await regularity.innerText(), await participation.innerText()];
    await expect(page.getByTestId('as-of-input').inputValue()).resolves.toBe(FIXTURE.asOf);
    // As of 15 May, only April is owed in 2024Q2 and the June meetings have not happened.
    await page.getByTestId('as-of-input').fill('2024-05-15');
    await page.waitForURL(/as_of=2024-05-15/);
    await settle(page);
    const earlier = [await regularity.innerText(), await participation.innerText()];
    expect(earlier).not.toEqual(latest);
    expect(new URL(page.url()).searchParams.get('period')).toBe(FIXTURE.defaultPeriod);
    await page.reload();
    await settle(page);
    await expect(page.getByTestId('as-of-input').inputValue()).resolves.toBe('2024-05-15');
    expect([await regularity.innerText(), await participation.innerText()]).toEqual(earlier);
    // Every link keeps it: the rankings are as of 15 May too.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '排名' }).click();
    await page.waitForURL(/\/rankings\?.*as_of=2024-05-15/);
    await settle(page);
    await expect(page.getByTestId('as-of-input').inputValue()).resolves.toBe('2024-05-15');
    // And back to the latest data.
    await page.getByTestId('as-of-latest').click();
    await page.waitForURL((url) => url.pathname === '/rankings' && !url.searchParams.has('as_of'));
    await settle(page);
    await expect(page.getByTestId('as-of-input').inputValue()).resolves.toBe(FIXTURE.asOf);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a date after the latest data says so and shows the figures as of the latest', async () => {
    const { page } = await openPage(tb.context);
    await page.goto(base + '/?as_of=2031-01-01');
    await expect(page.getByTestId('state-problem').textContent()).resolves.toContain('晚于最新数据');
    await expect(page.getByTestId('as-of-input').inputValue()).resolves.toBe(FIXTURE.asOf);
    await expect(page.locator('main h1').textContent()).resolves.toContain(FIXTURE.defaultPeriod);
    await page.close();
  });
});

describe('what-if weights', () => {
  it('re-rank the universities live, without saving, and reset', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + `/rankings?period=${FIXTURE.defaultPeriod}`);
    await settle(page);
    const names = () => page.getByTestId('ranking-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
    const saved = await names();
    // Only case compliance counts: U003 (cases missing) falls, the order changes.
    for (const key of ['branch_index_mean', 'observer_coverage']) await page.getByTestId(`weight-${key}`).fill('0');
    await page.getByTestId('weight-case_compliance').fill('1');
    await expect(page.getByTestId('ranking-table').getByRole('button', { name: /模拟排名/ }).count()).resolves.toBe(1);
    await page.getByTestId('ranking-table').getByRole('button', { name: /模拟排名/ }).click();
    const whatIf = await page.getByTestId('ranking-table').locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(whatIf).not.toEqual(saved);
    expect(page.url()).not.toContain('weight');
    await page.getByRole('button', { name: '恢复默认权重' }).click();
    await expect(page.getByTestId('ranking-table').getByRole('button', { name: /模拟排名/ }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('exports', () => {
  it('a table exports as CSV in UTF-8 with a BOM and as XLSX', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/rankings');
    await settle(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ranking-table').getByRole('button', { name: '导出 CSV' }).click()]);
    const bytes = fs.readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('合肥示范大学');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ranking-table').getByRole('button', { name: '导出 Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a branch's attendance matrix exports as CSV; the heatmap and the timeline as SVG and PNG", async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + `/b/${FIXTURE.drillBranch}?period=2024Q2`);
    await settle(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="attendance-matrix"]')?.getAttribute('data-state') === 'data');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('matrix-export-csv').click()]);
    const text = fs.readFileSync((await csv.path())!).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, first] = text.slice(1).split('\r\n');
    expect(header).toMatch(/^党员,2024-04-\d\d /);
    expect(first.split(',').slice(1).every((cell) => ['出席', '请假', '缺席', '列席', ''].includes(cell))).toBe(true);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('timeline').getByRole('button', { name: /SVG/ }).click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    expect(fs.readFileSync((await svg.path())!).toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    await page.goto(base + '/u/U001?period=2024Q2');
    await settle(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="cadence-heatmap"]')?.getAttribute('data-state') === 'data');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cadence-heatmap').getByRole('button', { name: /PNG/ }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect([...fs.readFileSync((await png.path())!).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
