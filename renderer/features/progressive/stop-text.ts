import type { TFunction } from 'i18next';
import type { Stop } from './progressive-rules';

/** Why progressive dialling stopped, in the agent's language. */
export function stopText(t: TFunction, stop: Stop): string {
  switch (stop.why) {
    case 'status':
      return t('progressive.stopped.status', { reason: t(`status.reason.${stop.reason}`) });
    case 'phone': {
      const reason = stop.state === 'off' ? t('progressive.phoneOff') : stop.state === 'connecting' ? t('progressive.phoneConnecting') : stop.reason || t('phone.offline');
      return t('progressive.stopped.phone', { reason });
    }
    case 'error':
      return t('progressive.stopped.error', { reason: stop.reason });
    default:
      return t(`progressive.stopped.${stop.why}`);
  }
}
