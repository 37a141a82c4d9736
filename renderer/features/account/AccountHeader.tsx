import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/domain/portfolio';
import { useFormat } from '../../app/format';
import { useNow } from '../../app/use-now';
import { zoneName } from '../queue/zoned-time';

/** The address line, adding province and postal code only where it does not already name them. */
function fullAddress({ address, province, postalCode }: Account): string {
  return [address, ...[province, postalCode].filter((part) => part && !address.includes(part))].join(', ');
}

export function AccountHeader({ account }: { account: Account }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  const clock = format.clock(now, account.timeZone);
  return (
    <header className="account-header">
      <div>
        <h1 data-testid="account-name">{account.debtorName}</h1>
        <p className="account-meta">
          <span className="account-ref">{t('account.ref', { ref: account.ref })}</span>
          <span>{t(`region.${account.region}`)}</span>
          <span>{fullAddress(account)}</span>
        </p>
      </div>
      <p className="account-clock" data-testid="account-local-time" title={account.timeZone}>
        {t('account.localTime', { time: clock ?? '—', zone: zoneName(i18n.language, now.toISOString(), account.timeZone) })}
      </p>
    </header>
  );
}
