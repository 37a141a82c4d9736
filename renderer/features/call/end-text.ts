// How a call ended, in the agent's words: busy, not in service, no answer, rejected,
// unreachable, each with its SIP status.
import type { TFunction } from 'i18next';
import type { EndedCall } from '../../softphone/SoftphoneProvider';
import { NO_RESPONSE_MS } from '../../softphone/softphone';
import { formatPhone } from '../account/phone-format';

export function endText(t: TFunction, ended: EndedCall, ringTimeoutSec: number): string {
  const { end, info } = ended;
  const status = end.sipStatus === null ? t('softphone.end.noStatus') : `SIP ${end.sipStatus}${info.failure ? ` ${info.failure}` : ''}`;
  const seconds = end.reason === 'no_response' ? NO_RESPONSE_MS / 1000 : ringTimeoutSec;
  return t(`softphone.end.${end.reason}`, { number: formatPhone(info.number), status, seconds });
}
