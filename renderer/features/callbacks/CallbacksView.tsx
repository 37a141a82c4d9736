// "My callbacks": each callback the agent scheduled, its time in the debtor's zone and the
// agent's (both labelled), and whether it is upcoming, due, missed or done. Opens the account.
import { useTranslation } from 'react-i18next';
import type { MyCallback } from '../../../shared/queue/callbacks';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';
import { useLoad } from '../../app/use-load';
import { useNow } from '../../app/use-now';
import { labelledDateTime } from '../queue/zoned-time';
import './callbacks.css';

export function CallbacksView({ onOpen }: { onOpen: (accountId: string) => void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const now = useNow(30_000);
  const [list] = useLoad(() => api.invoke('callbacks.mine', {}), [api, now], { keepWhileReloading: true });
  const lang = i18n.language;

  return (
    <div className="callbacks-view">
      <h1>{t('callbacks.title')}</h1>
      {list.status === 'failed' && <p className="notice notice-error" role="alert">{errorText(t, list.error)}</p>}
      {list.status === 'ready' && list.value.length === 0 && <p className="muted" data-testid="callbacks-empty">{t('callbacks.empty')}</p>}
      {list.status === 'ready' && list.value.length > 0 && (
        <table className="callbacks-table" data-testid="callbacks-table">
          <thead>
            <tr>
              <th scope="col">{t('callbacks.col.debtor')}</th>
              <th scope="col">{t('callbacks.col.debtorTime')}</th>
              <th scope="col">{t('callbacks.col.yourTime')}</th>
              <th scope="col">{t('callbacks.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((c: MyCallback) => (
              <tr key={c.id} data-testid="callback-row" data-status={c.status} className={`callback-${c.status}`}>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(c.accountId)}>{c.debtorName}</button>
                  <span className="muted"> {c.ref}</span>
                </td>
                <td data-testid="callback-debtor-time">{labelledDateTime(lang, c.at, c.debtorZone)}</td>
                <td data-testid="callback-agent-time">{labelledDateTime(lang, c.at)}</td>
                <td><span className={`callback-status callback-status-${c.status}`}>{t(`callbacks.status.${c.status}`)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
