import { existsSync } from 'node:fs';

/** Debian's chromium, driven headless by playwright-core (no browser download). */
export const CHROMIUM = '/usr/bin/chromium';

export const LAUNCH = {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium. This test does not skip.`);
}
