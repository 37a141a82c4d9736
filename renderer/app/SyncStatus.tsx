// One poll of `sync.status` for the whole shell: the badge shows it, and the queue refreshes
// when a sync has brought new data.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { SyncStatus } from '../../shared/api/contract';
import { useApi } from '../api/ApiContext';

const POLL_MS = 3_000;

interface SyncState {
  status: SyncStatus | null;
  syncNow(): Promise<void>;
}

const SyncContext = createContext<SyncState>({ status: null, syncNow: async () => undefined });

export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatus | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll(): Promise<void> {
      try {
        const next = await api.invoke('sync.status', {});
        if (!stopped) setStatus(next);
      } catch {
        // keep showing the last status; the next poll tries again
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  const syncNow = useCallback(async () => setStatus(await api.invoke('sync.now', {})), [api]);
  const value = useMemo(() => ({ status, syncNow }), [status, syncNow]);
  return <SyncContext value={value}>{children}</SyncContext>;
}

export function useSyncStatus(): SyncState {
  return useContext(SyncContext);
}
