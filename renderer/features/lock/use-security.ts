// The core's security state (screen lock, offline limit, wipe), polled while the console runs, and
// the agent's input reported to the core so the idle lock starts counting again. The core holds
// the lock: every screen (each browser-shell tab) sees the same state.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SecurityStatus } from '../../../shared/api/security';
import { useApi } from '../../api/ApiContext';

/** How often the state is asked for: a lock shows within this time of the idle deadline. */
export const STATUS_POLL_MS = 2_000;
/** Input is reported at most this often (the idle time counts in minutes). */
export const ACTIVITY_REPORT_MS = 5_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useSecurity(): { status: SecurityStatus | null; refresh: (next?: SecurityStatus) => void } {
  const api = useApi();
  const [status, setStatus] = useState<SecurityStatus | null>(null);
  const locked = useRef(false);
  const lastReport = useRef(0);

  const refresh = useCallback((next?: SecurityStatus) => {
    if (next) {
      locked.current = next.locked !== null;
      setStatus(next);
      return;
    }
    api.invoke('security.status', {}).then((s) => {
      locked.current = s.locked !== null;
      setStatus(s);
    }, () => undefined);
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    function onInput(): void {
      const now = Date.now();
      if (locked.current || now - lastReport.current < ACTIVITY_REPORT_MS) return;
      lastReport.current = now;
      api.invoke('security.activity', {}).then((s) => {
        locked.current = s.locked !== null;
        setStatus(s);
      }, () => undefined);
    }
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput, { capture: true });
    };
  }, [api]);

  return { status, refresh };
}
