// End-to-end tests need Debian's Chromium and the built renderer. Missing either is a
// failure with the fix in the message, never a silent skip.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CHROMIUM } from './harness';

export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`End-to-end tests need Chromium at ${CHROMIUM}, which is missing. Install it with 'npm run setup' (apt-get install chromium).`);
  }
  if (!existsSync('dist/renderer/index.html')) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
}
