/**
 * How every browser test and benchmark starts Chromium: Debian's build (Playwright's own download
 * cannot work everywhere), without the sandbox (CI runs as root) and without the background
 * traffic a closed network refuses.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
