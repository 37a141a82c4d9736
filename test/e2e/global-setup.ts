// End-to-end tests need Debian's Chromium and the built renderer. Missing either is a
// failure with the fix in the message, never a silent skip.
import { existsSync } from 'node:fs';
import { ensureRenderer } from '../../scripts/ensure-renderer';
import { CHROMIUM } from './harness';

export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`End-to-end tests need Chromium at ${CHROMIUM}, which is missing. Install it with 'npm run setup' (apt-get install chromium).`);
  }
  ensureRenderer((line) => process.stdout.write(`${line}\n`)); // the screens under test are the sources' own
}
