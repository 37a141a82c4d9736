// The transfer directory: colleagues by name with their live presence (the board's data, from
// the central server), own team first. Choosing one sets the transfer's target to the SIP
// address the server knows for them; a colleague with no phone registered cannot be chosen.
// Asked again each time the transfer panel opens, since presence moves.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Colleague } from '../../../shared/api/directory';
import { useApi } from '../../api/ApiContext';
import { errorText } from '../../app/error-text';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; colleagues: Colleague[] };

export function TransferDirectory({ chosen, onChoose }: { chosen: Colleague | null; onChoose: (colleague: Colleague) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [query, setQuery] = useState('');

  useEffect(() => {
    let current = true;
    api.invoke('transfer.directory', {}).then(
      (r) => current && setLoad({ state: 'ready', colleagues: r.colleagues }),
      (error: unknown) => current && setLoad({ state: 'failed', message: errorText(t, error) }),
    );
    return () => {
      current = false;
    };
  }, [api, t]);

  const shown = useMemo(() => {
    if (load.state !== 'ready') return [];
    const q = query.trim().toLocaleLowerCase();
    return q ? load.colleagues.filter((c) => c.name.toLocaleLowerCase().includes(q)) : load.colleagues;
  }, [load, query]);

  if (load.state === 'loading') return <p className="muted softphone-directory-note" data-testid="transfer-directory-loading">{t('softphone.directory.loading')}</p>;
  if (load.state === 'failed') return <p className="notice notice-warn softphone-directory-note" role="alert" data-testid="transfer-directory-failed">{t('softphone.directory.failed', { message: load.message })}</p>;
  if (load.colleagues.length === 0) return <p className="muted softphone-directory-note" data-testid="transfer-directory-empty">{t('softphone.directory.empty')}</p>;

  const groups = [
    { key: 'own', title: t('softphone.directory.ownTeam'), items: shown.filter((c) => c.sameTeam) },
    { key: 'other', title: t('softphone.directory.otherTeams'), items: shown.filter((c) => !c.sameTeam) },
  ].filter((g) => g.items.length > 0);

  return (
    <div className="softphone-directory" data-testid="transfer-directory">
      <label className="softphone-transfer-field">
        <span>{t('softphone.directory.search')}</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="transfer-search" />
      </label>
      {groups.map((g) => (
        <div key={g.key} className="softphone-directory-group" role="group" aria-label={g.title}>
          <h3 className="softphone-directory-title">{g.title}</h3>
          <ul className="softphone-directory-list">
            {g.items.map((c) => {
              const presence = c.state ? t(`softphone.directory.presence.${c.state}`) : null;
              const selected = chosen?.userId === c.userId;
              return (
                <li key={c.userId}>
                  <button type="button" className={`softphone-colleague${selected ? ' is-selected' : ''}`} data-testid="transfer-colleague"
                    data-user-id={c.userId} data-state={c.state ?? 'none'} data-sip-uri={c.sipUri ?? ''} aria-pressed={selected}
                    disabled={!c.sipUri} title={c.sipUri ? t('softphone.directory.pick', { name: c.name }) : t('softphone.directory.noPhone')}
                    onClick={() => onChoose(c)}>
                    <span className={`presence-dot presence-${c.state ?? 'none'}`} aria-hidden="true" />
                    <span className="softphone-colleague-name">{c.name}</span>
                    {c.role === 'team_lead' && <span className="muted"> · {t('softphone.directory.lead')}</span>}
                    <span className="muted softphone-colleague-state" data-testid="transfer-colleague-state">
                      {[presence, c.sipUri ? null : t('softphone.directory.noPhone')].filter(Boolean).join(' · ')}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}
