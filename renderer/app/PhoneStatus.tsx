// The softphone's registration in the top bar: ready, connecting, or offline with why (dial
// buttons fall back to the desk phone while it is offline).
import { useTranslation } from 'react-i18next';
import { useSoftphone } from '../softphone/SoftphoneProvider';
import { LINE_CHECK_MS } from '../softphone/softphone';

export function PhoneStatus() {
  const { t } = useTranslation();
  const { registration } = useSoftphone();
  const label = registration.state === 'registered' ? t('phone.registered')
    : registration.state === 'connecting' ? t('phone.connecting')
      : registration.state === 'off' ? t('phone.off') : t('phone.offline');
  // A hung proxy is named as such; the other causes carry the SIP or socket detail.
  const title = registration.state === 'offline'
    ? (registration.cause === 'hung' ? t('softphone.registration.hung', { seconds: LINE_CHECK_MS / 1000 }) : t('phone.offlineWhy', { reason: registration.reason }))
    : registration.state === 'off' ? t('phone.offWhy') : label;
  return (
    <span className={`phone-status phone-status-${registration.state}`} data-testid="phone-status" data-state={registration.state} title={title}
      data-cause={registration.state === 'offline' ? registration.cause : undefined}>
      <span className="phone-status-dot" aria-hidden="true" /> {label}
    </span>
  );
}
