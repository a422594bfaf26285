// Vite configuration of the dashboard (SvelteKit). Unit tests use vitest.config.ts and the
// browser tests vitest.browser.config.ts; neither loads this file.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // DuckDB is a native module: loaded from node_modules at run time, never bundled.
  ssr: { external: ['@duckdb/node-api'] },
  build: {
    // echarts (~1.1 MB) and exceljs are loaded on demand in their own chunks.
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1', fs: { allow: ['.'] } },
});
