/**
 * Chromium for the tests: Debian's /usr/bin/chromium through playwright-core (never its own
 * download), headless, with a fresh profile; each page records console errors and page errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { Role } from '../../auth/scope.ts';
import { signInBrowser } from './auth.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../reports/chromium.ts';

export const VIEWPORT = { width: 1366, height: 768 };

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh chromium, signed in as the test user of `as` (default: the province, who sees everything). */
export async function launch(options: { as?: Role | null } = {}): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-chromium-'));
  // A persistent context is playwright's way to give chromium its own fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    // axe-core is injected as a script tag: the app's CSP would (rightly) refuse it.
    bypassCSP: true,
  });
  const as = options.as === undefined ? 'province' : options.as;
  if (as) await signInBrowser(context, inject('baseUrl'), as);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

export async function openPage(context: BrowserContext): Promise<WatchedPage> {
  // Each test starts in the default language: forget the `lang` cookie of an earlier test (the
  // session cookie stays: the context was signed in by launch()).
  await context.clearCookies({ name: 'lang' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors };
}

/** Wait until no chart is loading (ECharts imported and drawn) and the network is idle. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, { timeout: 15_000 });
}
