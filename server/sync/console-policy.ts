// The organisation's policy for consoles (issue 15), sent with every sync state check: how long
// a console may go without input before it locks its screen, and how many days it may go without
// reaching the central server before it holds debtor data back. Set where the server runs:
//   FAIRLINE_IDLE_LOCK_SECONDS  (default 900, at least 10)
//   FAIRLINE_MAX_OFFLINE_DAYS   (default 14)
// A value that is not a whole number in range is refused at the first request, naming the variable.
import { ConsolePolicy, DEFAULT_CONSOLE_POLICY } from '../../shared/api/security';

export function consolePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ConsolePolicy {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    return Number.isInteger(n) ? n : Number.NaN;
  };
  const policy = {
    idleLockSeconds: read('FAIRLINE_IDLE_LOCK_SECONDS', DEFAULT_CONSOLE_POLICY.idleLockSeconds),
    maxOfflineDays: read('FAIRLINE_MAX_OFFLINE_DAYS', DEFAULT_CONSOLE_POLICY.maxOfflineDays),
  };
  const parsed = ConsolePolicy.safeParse(policy);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] === 'maxOfflineDays' ? 'FAIRLINE_MAX_OFFLINE_DAYS' : 'FAIRLINE_IDLE_LOCK_SECONDS';
    throw new Error(`${field} must be a whole number (${field === 'FAIRLINE_MAX_OFFLINE_DAYS' ? '1 to 365 days' : '10 to 86400 seconds'})`);
  }
  return parsed.data;
}
