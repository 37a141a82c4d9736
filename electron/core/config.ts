// Where the console keeps its data and which central server it talks to. Environment
// variables override settings so scripts and tests can pin them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

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

/** One formatter per time zone: making one costs far more than formatting, and the dial path asks for every account it opens. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The agent's local calendar date, which days-past-due are counted against. */
export function localDate(now: Date, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(key, format);
  }
  return format.format(now);
}

/** Where a data directory keeps the real instant its training clock started (see clockFromEnv). */
export const TRAINING_CLOCK_FILE = 'training-clock.json';

const TrainingAnchor = z.object({ clock: z.string(), startedAtMs: z.number().int() });

/**
 * FAIRLINE_CLOCK (an ISO time): run as if it were that time, the clock still moving, for
 * training and demos outside calling hours (and for tests). Unset: the real clock.
 *
 * The training clock belongs to the data directory: the first start with a value records the real
 * instant it began, and a later start with the same value carries on from there rather than going
 * back to it. Going back put everything the last run stored (the sign-in, the last compliance
 * sync, the attempts) in the future of the new run, and two processes started a moment apart (the
 * embedded server and the console) a few milliseconds apart from each other. Another value starts
 * a new training timeline.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env, realNow: () => number = Date.now): { now: () => Date; shiftedTo: string | null } {
  const value = env.FAIRLINE_CLOCK;
  if (!value) return { now: () => new Date(), shiftedTo: null };
  const target = Date.parse(value);
  if (Number.isNaN(target)) throw new Error(`FAIRLINE_CLOCK is not an ISO time: "${value}" (for example 2026-11-24T01:30:00Z)`);
  const startedAt = trainingStart(join(defaultDataDir(env), TRAINING_CLOCK_FILE), value, realNow());
  const offset = target - startedAt;
  return { now: () => new Date(realNow() + offset), shiftedTo: new Date(realNow() + offset).toISOString() };
}

/** The real instant this data directory's training clock with `value` started (now, if it has not). */
function trainingStart(file: string, value: string, nowMs: number): number {
  try {
    const kept = TrainingAnchor.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (kept.success && kept.data.clock === value && kept.data.startedAtMs <= nowMs) return kept.data.startedAtMs;
  } catch {
    // none yet, or unreadable: start one
  }
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ clock: value, startedAtMs: nowMs }), { mode: 0o600 });
  } catch {
    // a read-only data directory: the clock starts at the value each time, as before
  }
  return nowMs;
}
