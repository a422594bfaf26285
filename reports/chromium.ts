/**
 * Debian's chromium (installed by scripts/ensure-browser.sh, never downloaded) and the flags every
 * launch uses: headless, no sandbox (CI containers), and nothing that reaches the network.
 * Shared by the brief's PDF printing, the browser tests and the dashboard bench.
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
