// Bundles the page scripts for Chromium: the endpoint (lab/debtor/page.ts with sip.js) and
// the DTMF detector that runs in the page's audio worklet (lab/debtor/dtmf-worklet.ts).
// esbuild comes with tsx and vite; the bundles are built once per process.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface PageScripts {
  page: string;
  worklet: string;
}

let bundled: Promise<PageScripts> | null = null;

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export function pageScripts(): Promise<PageScripts> {
  bundled ??= Promise.all([bundle('./debtor/page.ts'), bundle('./debtor/dtmf-worklet.ts')])
    .then(([page, worklet]) => ({ page, worklet }));
  return bundled;
}
