// A reminder before each callback is due (REMIND_BEFORE_MS in shared/queue/callbacks.ts): a
// toast once per callback, with its time in the debtor's zone and the agent's.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { useNotify } from '../../app/Toasts';
import { labelledDateTime } from '../queue/zoned-time';

const EVERY_MS = 30_000;

export function useCallbackReminders(enabled: boolean): void {
  const api = useApi();
  const notify = useNotify();
  const { t, i18n } = useTranslation();
  const reminded = useRef(new Set<string>());
  const text = useRef({ t, language: i18n.language });
  text.current = { t, language: i18n.language };

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const check = () => {
      api.invoke('callbacks.mine', {}).then((list) => {
        if (stopped) return;
        for (const c of list) {
          if (c.status !== 'due' || reminded.current.has(c.id)) continue;
          reminded.current.add(c.id);
          const { t: tr, language } = text.current;
          notify('success', tr('callbacks.reminder', { name: c.debtorName, debtorTime: labelledDateTime(language, c.at, c.debtorZone), agentTime: labelledDateTime(language, c.at) }));
        }
      }, () => undefined);
    };
    check();
    const timer = setInterval(check, EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, notify, enabled]);
}
