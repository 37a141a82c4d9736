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

/**
 * FAIRLINE_CLOCK (an ISO time): run as if it were that time, the clock still moving, for
 * training and demos outside calling hours (and for tests). Unset: the real clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): { now: () => Date; shiftedTo: string | null } {
  const value = env.FAIRLINE_CLOCK;
  if (!value) return { now: () => new Date(), shiftedTo: null };
  const target = Date.parse(value);
  if (Number.isNaN(target)) throw new Error(`FAIRLINE_CLOCK is not an ISO time: "${value}" (for example 2026-11-24T01:30:00Z)`);
  const offset = target - Date.now();
  return { now: () => new Date(Date.now() + offset), shiftedTo: new Date(target).toISOString() };
}
