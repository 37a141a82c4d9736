// Bundles Electron's main and preload into CommonJS (a sandboxed preload must be one file).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' } as const;

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
