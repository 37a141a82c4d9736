import { consoleNow } from '../../app/use-now';
import { useTranslation } from 'react-i18next';
import type { Hold, Party, Phone } from '../../../shared/domain/portfolio';
import { useFormat } from '../../app/format';
import { activeHolds } from './active-holds';
import { formatPhone } from './phone-format';

interface Props {
  holds: Hold[];
  parties: Party[];
  phones: Phone[];
}

export function HoldBanners({ holds, parties, phones }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const active = activeHolds(holds, consoleNow().getTime());

  function scope(hold: Hold): string {
    const phone = hold.phoneId && phones.find((p) => p.id === hold.phoneId);
    if (phone) return t('account.holdScopePhone', { number: formatPhone(phone.number) });
    const party = hold.partyId && parties.find((p) => p.id === hold.partyId);
    if (party) return t('account.holdScopeParty', { name: party.name });
    return t('account.holdScopeAccount');
  }

  return (
    <section className="holds" data-testid="account-holds" data-count={active.length} aria-label={t('account.holds')}>
      {active.length === 0 && <p className="holds-none">{t('account.noHolds')}</p>}
      {active.map((hold) => (
        <div key={hold.id} className="hold-banner" data-testid="hold-banner" data-kind={hold.kind}>
          <span className="hold-banner-icon" aria-hidden="true">!</span>
          <div>
            <p className="hold-banner-title">
              <strong>{t(`hold.${hold.kind}`)}</strong>
              <span>{scope(hold)}</span>
              <span>{t('account.holdSince', { date: format.dateTime(hold.effectiveAt) })}</span>
            </p>
            {hold.note && <p className="hold-banner-note">{hold.note}</p>}
          </div>
        </div>
      ))}
    </section>
  );
}
