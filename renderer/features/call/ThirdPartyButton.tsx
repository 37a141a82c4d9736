// "Not the debtor: third party" (key T), offered while checking identity and during the track alike.
import { useTranslation } from 'react-i18next';
import type { CallAction, CallView } from '../../../shared/talktrack';
import { consoleNow } from '../../app/use-now';

export function ThirdPartyButton({ v, act }: { v: CallView; act: (a: CallAction) => void }) {
  const { t } = useTranslation();
  if (!v.actions.includes('switchToThirdParty')) return null;
  return (
    <button type="button" className="button button-quiet" data-testid="call-third-party" onClick={() => act({ type: 'switchToThirdParty', at: consoleNow().getTime() })}>
      {t('call.thirdParty')} <kbd>T</kbd>
    </button>
  );
}
