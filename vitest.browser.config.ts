// Browser tests (tests/browser/): a fixture warehouse, the built dashboard served on a free
// port, and Debian's chromium driven by playwright-core. Run: npx vitest run -c vitest.browser.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One browser at a time: the machine has 2 cores and the server shares them.
    fileParallelism: false,
    env: { TZ: 'Asia/Shanghai', ZHIXIAO_MEMORY_LIMIT: '2GB' },
  },
});
