// Every threshold of the live board in one place (docs/presence.md). Server options may
// override any of them (`startServer({ presence: { silenceMs: 300 } })`, as tests do).
import { PRESENCE_HEARTBEAT_MS, PRESENCE_OFFLINE_AFTER_MS } from '../../shared/presence/protocol';

export interface PresenceConfig {
  /** Told to consoles in the welcome frame. */
  heartbeatMs: number;
  /** An agent socket with no message for this long is dropped and the agent shown offline. */
  silenceMs: number;
  /** offline_too_long: offline (connection lost, not signed out) this long after working today. */
  offlineAlertMinutes: number;
  /** long_call: on_call this long. */
  longCallMinutes: number;
  /** How often the derived alerts and lost instances are checked. */
  sweepMs: number;
  /** Boards are pinged this often; one that has not answered the previous ping is dropped. */
  boardPingMs: number;
  /** A board whose socket buffers more than this is too slow to keep up and is dropped. */
  maxBoardBufferBytes: number;
  /** Largest frame a client may send (ws closes with 1009 beyond it). */
  maxMessageBytes: number;
  /** More messages than this in one second from one socket: error and close (1008). */
  maxMessagesPerSecond: number;
  /** Each instance says it is alive this often on the bus. */
  instanceHeartbeatMs: number;
  /** Agents held by an instance not heard from for this long are shown offline (server_lost). */
  instanceTimeoutMs: number;
  /** Recent alerts kept for the snapshot of a board that connects later. */
  recentAlerts: number;
  /** Stored state times: slice width (a divisor of 15 minutes, so local days align) and how long slices are kept in the database. */
  stateBucketMs: number;
  stateKeepMs: number;
  /** The zone whose calendar day "working today" means (offline_too_long). */
  timeZone: string;
  /** Server clock for presence stamps, timeouts and state times (real time by default, unlike the server's `now`). */
  now: () => number;
}

export const DEFAULT_PRESENCE_CONFIG: Readonly<PresenceConfig> = Object.freeze({
  heartbeatMs: PRESENCE_HEARTBEAT_MS,
  silenceMs: PRESENCE_OFFLINE_AFTER_MS,
  offlineAlertMinutes: 15,
  longCallMinutes: 20,
  sweepMs: 5_000,
  boardPingMs: 30_000,
  maxBoardBufferBytes: 8 * 1024 * 1024,
  maxMessageBytes: 16 * 1024,
  maxMessagesPerSecond: 20,
  instanceHeartbeatMs: 5_000,
  instanceTimeoutMs: 15_000,
  recentAlerts: 200,
  stateBucketMs: 15 * 60_000,
  stateKeepMs: 92 * 24 * 60 * 60_000,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  now: () => Date.now(),
});

export function presenceConfig(overrides: Partial<PresenceConfig> = {}): PresenceConfig {
  const config = { ...DEFAULT_PRESENCE_CONFIG, ...overrides };
  if ((15 * 60_000) % config.stateBucketMs !== 0) throw new Error('presence.stateBucketMs must divide 15 minutes');
  return config;
}
