// Where Debian's Chromium is: CHROMIUM_PATH when set, else the packages' usual places
// (`apt-get install chromium-headless-shell`, or `chromium`). Null when none is installed.
import { existsSync, statSync } from 'node:fs';

const CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
];

export function chromiumPath() {
  const wanted = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES;
  return wanted.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}
