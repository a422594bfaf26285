// SvelteKit configuration. The app lives in dashboard/ (not the default src/), so that the
// repository root keeps the warehouse, models, ingest and CLI side by side with it.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // The output is served by dashboard/server/start.ts in the process that owns the warehouse.
    adapter: adapter({ out: 'build', precompress: false }),
    files: {
      src: 'dashboard/src',
      assets: 'dashboard/static',
      lib: 'dashboard/src/lib',
      routes: 'dashboard/src/routes',
      params: 'dashboard/src/params',
      appTemplate: 'dashboard/src/app.html',
      errorTemplate: 'dashboard/src/error.html',
      hooks: {
        server: 'dashboard/src/hooks.server',
        client: 'dashboard/src/hooks.client',
        universal: 'dashboard/src/hooks',
      },
    },
    alias: {},
    csp: {
      mode: 'hash',
      directives: { 'default-src': ['self'], 'img-src': ['self', 'data:', 'blob:'], 'style-src': ['self', 'unsafe-inline'], 'object-src': ['none'], 'base-uri': ['self'], 'frame-ancestors': ['none'], 'form-action': ['self'] },
    },
  },
};

export default config;
