// The agent's status (Available, or paused with a reason) for the whole shell: the top bar's
// control changes it, and progressive dialling follows it (a pause stops the next dial).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStatus } from '../../shared/domain/users';
import { useApi } from '../api/ApiContext';
import { errorText } from './error-text';
import { useNotify } from './Toasts';

interface AgentStatusState {
  /** null until the core has answered. */
  status: AgentStatus | null;
  /** Logs the new status; resolves once the core has it (rejects, after saying why, if not). */
  change(status: AgentStatus): Promise<void>;
}

const AgentStatusContext = createContext<AgentStatusState | null>(null);

export function AgentStatusProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const notify = useNotify();
  const { t } = useTranslation();
  const [status, setStatus] = useState<AgentStatus | null>(null);

  useEffect(() => {
    let current = true;
    api.invoke('agent.status', {}).then(
      (loaded) => current && setStatus(loaded),
      (error: unknown) => current && notify('error', t('status.loadFailed', { reason: errorText(t, error) })),
    );
    return () => {
      current = false;
    };
  }, [api, notify, t]);

  const change = useCallback(async (next: AgentStatus) => {
    try {
      setStatus(await api.invoke('agent.setStatus', next));
    } catch (error) {
      notify('error', t('status.changeFailed', { reason: errorText(t, error) }));
      throw error;
    }
  }, [api, notify, t]);

  const value = useMemo(() => ({ status, change }), [status, change]);
  return <AgentStatusContext value={value}>{children}</AgentStatusContext>;
}

export function useAgentStatus(): AgentStatusState {
  const value = useContext(AgentStatusContext);
  if (!value) throw new Error('useAgentStatus outside AgentStatusProvider');
  return value;
}
