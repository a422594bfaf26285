/**
 * Every page of the dashboard in chromium at 1366×768: loads with no console error, passes
 * axe-core with no serious or critical violation, and is saved as a screenshot.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, settle, type TestBrowser } from './browser.ts';
import { seriousViolations } from './axe.ts';
import { FIXTURE, drillActivityId } from './fixture-data.ts';
import { ROOT } from '../../dashboard/server/start.ts';

const base = inject('baseUrl');
let tb: TestBrowser;

beforeAll(async () => {
  tb = await launch();
});
afterAll(async () => {
  await tb?.close();
});

const PAGES: { name: string; path: string; heading: RegExp }[] = [
  { name: 'overview', path: '/', heading: /总览/ },
  { name: 'rankings', path: '/rankings', heading: /督查排名/ },
  { name: 'rankings-colleges', path: '/rankings?level=college&university=U001', heading: /督查排名/ },
  { name: 'rankings-branches', path: '/rankings?level=branch&university=U001', heading: /督查排名/ },
  { name: 'university', path: '/u/U001', heading: /合肥示范大学/ },
  { name: 'college', path: '/c/U001-C1', heading: /马克思主义学院党委/ },
  { name: 'branch', path: `/b/${FIXTURE.drillBranch}`, heading: /马克思主义教工第一党支部/ },
  { name: 'activity', path: `/a/${drillActivityId()}`, heading: /主题党日/ },
  { name: 'overview-en', path: '/?lang=en', heading: /Overview/ },
];

describe('every page', () => {
  for (const p of PAGES) {
    it(`${p.name} (${p.path}) loads with no console error, no serious axe violation, and is screenshotted`, async () => {
      const { page, errors } = await openPage(tb.context);
      const response = await page.goto(base + p.path);
      expect(response?.status()).toBe(200);
      await settle(page);
      await expect(page.locator('main h1').first().textContent()).resolves.toMatch(p.heading);
      await page.screenshot({ path: path.join(ROOT, `test-results/screenshots/${p.name}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('an unknown page gives a Chinese 404 with a way back', async () => {
    const { page } = await openPage(tb.context);
    const response = await page.goto(base + '/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.locator('main h1').textContent()).resolves.toContain('页面不存在');
    await page.screenshot({ path: path.join(ROOT, 'test-results/screenshots/not-found.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('back-home').click();
    await page.waitForURL(base + '/');
    await page.close();
  });

  it('an unknown university is a 404 too', async () => {
    const { page } = await openPage(tb.context);
    const response = await page.goto(base + '/u/NOPE');
    expect(response?.status()).toBe(404);
    await page.close();
  });

  it('a bad period says so and shows the default period', async () => {
    const { page } = await openPage(tb.context);
    await page.goto(base + '/?period=2024Q9');
    await expect(page.getByTestId('state-problem').textContent()).resolves.toContain('2024Q9');
    await expect(page.locator('main h1').textContent()).resolves.toContain(FIXTURE.defaultPeriod);
    await page.close();
  });
});
