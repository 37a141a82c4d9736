// Retry delays that grow and never line up: the n-th retry waits between half and all of
// min(cap, base·2ⁿ) ("equal jitter"), so a fleet of consoles that lost the same proxy does not
// come back in lockstep, and none waits longer than the cap.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/** Reconnecting and re-registering: the cap keeps "back within 5 s of the proxy answering". */
export const RETRY: BackoffOptions = { baseMs: 400, capMs: 2_500 };

export function backoffDelay(attempt: number, options: BackoffOptions = RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt), 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
