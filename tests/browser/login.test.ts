/**
 * Signing in and out in chromium: a page asked for without a session goes to /login (no
 * navigation shown, no console error, no serious axe violation), the form signs in and returns
 * to that page, the header shows who is signed in and what they may see, a wrong password says
 * so without saying whether the user exists, and the header's button signs out.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, settle, type TestBrowser } from './browser.ts';
import { seriousViolations } from './axe.ts';
import { TEST_USERS } from './auth.ts';
import { ROOT } from '../../dashboard/server/start.ts';

const base = inject('baseUrl');
let tb: TestBrowser;
const shot = (name: string) => path.join(ROOT, `test-results/screenshots/${name}.png`);

beforeAll(async () => {
  tb = await launch({ as: null });
});
afterAll(async () => {
  await tb?.close();
});

describe('signing in and out', () => {
  it('sends a visitor to /login, which is accessible and shows no navigation', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/u/U001?period=2024Q2');
    await page.waitForURL(/\/login\?next=/);
    await expect(page.locator('main h1').textContent()).resolves.toBe('登录');
    await expect(page.locator('nav.main-nav').count()).resolves.toBe(0);
    await page.screenshot({ path: shot('login') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says only that the user name or password is wrong', async () => {
    const { page } = await openPage(tb.context);
    await page.goto(base + '/login');
    await page.getByLabel('用户名').fill(TEST_USERS.university.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toBe('用户名或密码错误。');
    await page.close();
  });

  it('signs a university user in, back to the page asked for, and shows its scope; the button signs out', async () => {
    const { page, errors } = await openPage(tb.context);
    await page.goto(base + '/u/U001?period=2024Q2');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill(TEST_USERS.university.username);
    await page.getByLabel('密码').fill(TEST_USERS.university.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(base + '/u/U001?period=2024Q2');
    await settle(page);
    await expect(page.getByTestId('user-menu').textContent()).resolves.toMatch(/test-university · 高校 · 合肥示范大学/);
    await expect(page.getByRole('link', { name: '审计日志' }).count()).resolves.toBe(0); // the province's only
    expect(errors).toEqual([]);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login\?bye=1/);
    await page.goto(base + '/rankings');
    await page.waitForURL(/\/login\?next=%2Frankings/);
    await page.close();
  });
});
