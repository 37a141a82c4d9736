// Where the console keeps its data and which central server it talks to. Environment
// variables override settings so scripts and tests can pin them.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CoreConfig {
  dataDir: string;
  /** FAIRLINE_SERVER_URL: pins the central server; settings cannot change it. */
  pinnedServerUrl: string | null;
  /** The embedded server's URL, used when nothing else is configured. */
  defaultServerUrl: string;
  host: 'electron' | 'browser';
  version: string;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  if (env.FAIRLINE_DATA_DIR) return env.FAIRLINE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Fairline');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Fairline');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'fairline');
}

/** The agent's local calendar date, which days-past-due are counted against. */
export function localDate(now: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
