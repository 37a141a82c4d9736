// Bundles Electron's main and preload into CommonJS (a sandboxed preload must be one file).
// Loading this module builds them (`npm run build:electron`; scripts/start.ts imports it to build
// before it starts Electron); bundleMainProcess is exported so the first-pull bench
// (test/bench/sync-pull.bench.ts) can run the console's core bundled as it ships.
import { type BuildOptions, build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' } as const;

/** How code that runs in Electron's main process (the core) is bundled: native modules and Electron stay outside. */
export const MAIN_PROCESS_BUILD: BuildOptions = { ...common, external: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'] };

/** Bundles `entry` (and everything it imports) into `outfile` as Electron's main is bundled. */
export async function bundleMainProcess(entry: string, outfile: string): Promise<void> {
  await build({ ...MAIN_PROCESS_BUILD, entryPoints: [entry], outfile });
}

await bundleMainProcess('electron/main.ts', 'dist/electron/main.cjs');
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
