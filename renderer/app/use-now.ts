import { useEffect, useState } from 'react';

/** The core's clock minus this machine's: non-zero only when a training clock is set. */
let offsetMs = 0;

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

/** Whether a training clock is set (FAIRLINE_CLOCK): every screen says so. */
export function trainingClock(): boolean {
  return offsetMs !== 0;
}

/** A time on this machine's clock (the softphone's), on the core's. */
export function consoleTime(ms: number): Date {
  return new Date(ms + offsetMs);
}

/** Now, as the core sees it (what the agent's screens must agree with). */
export function consoleNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** The current time, refreshed every `intervalMs`. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(consoleNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(consoleNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
