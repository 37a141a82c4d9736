// Every number on file, grouped by whom it reaches: the debtor, co-debtors, then third parties.
import { consoleNow } from '../../app/use-now';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../../shared/api/contract';
import type { Hold, Party, PartyKind } from '../../../shared/domain/portfolio';
import { HoldBadge } from '../../ui/HoldBadge';
import { activeHolds } from './active-holds';
import type { ScreenGate } from './dial-ahead';
import { DialButton } from './DialButton';
import { GateStatus } from './GateStatus';
import { formatPhone } from './phone-format';
import { zoneName } from '../queue/zoned-time';

const KIND_ORDER: PartyKind[] = ['debtor', 'co_debtor', 'third_party'];

function byKindThenName(a: Party, b: Party): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name);
}

export function PhoneBook({ account, gate, onLogged }: { account: AccountDetail; gate: ScreenGate | null; onLogged: () => void }) {
  const { t, i18n } = useTranslation();
  const holds = activeHolds(account.holds, consoleNow().getTime());
  const groups = [...account.parties]
    .sort(byKindThenName)
    .map((party) => ({ party, phones: account.phones.filter((phone) => phone.partyId === party.id) }))
    .filter((group) => group.phones.length > 0);

  const holdsOn = (party: Party, phoneId: string): Hold[] =>
    holds.filter((hold) => hold.phoneId === phoneId || (hold.phoneId === null && hold.partyId === party.id));

  const gateFor = (phoneId: string) => {
    const phoneGate = gate?.phones.find((g) => g.phoneId === phoneId);
    return phoneGate ? <GateStatus gate={phoneGate} /> : <span className="gate gate-checking">{t('gate.checking')}</span>;
  };

  return (
    <section className="panel phone-book" data-testid="account-phones" aria-labelledby="account-phones-title">
      <h2 id="account-phones-title">{t('account.phones')}</h2>
      {gate && <p className="muted gate-pack" data-testid="gate-pack">{t('gate.pack', { pack: gate.packId, version: gate.packVersion })}</p>}
      {groups.length === 0 && <p className="muted">{t('account.noPhones')}</p>}
      {groups.map(({ party, phones }) => (
        <div key={party.id} className="party" data-testid="phone-party" data-party-kind={party.kind}>
          <h3>
            <span className="party-name">{party.name}</span>
            <span className="party-role">
              {[t(`party.${party.kind}`), party.relation !== 'self' && t(`relation.${party.relation}`)].filter(Boolean).join(' · ')}
            </span>
          </h3>
          <ul>
            {phones.map((phone) => (
              <li key={phone.id} className="phone" data-testid="phone" data-phone-id={phone.id}>
                <span className="phone-number">{formatPhone(phone.number)}</span>
                <span className="phone-facts">
                  <span>{t(`phoneType.${phone.type}`)}</span>
                  {phone.consent === 'revoked' ? (
                    // Consent is a fact on file, not a rule of the gate: say so beside "Can call now".
                    <span className="consent consent-revoked" data-testid="consent-revoked" title={t('consent.revokedNote')}>
                      {t('consent.revoked')} <span className="consent-note">{t('consent.revokedShort')}</span>
                    </span>
                  ) : <span className={`consent consent-${phone.consent}`}>{t(`consent.${phone.consent}`)}</span>}
                  {phone.timeZone && phone.timeZone !== account.account.timeZone && (
                    <span title={phone.timeZone}>{t('account.phoneTimeZone', { zone: zoneName(i18n.language, consoleNow().toISOString(), phone.timeZone) })}</span>
                  )}
                  {holdsOn(party, phone.id).map((hold) => <HoldBadge key={hold.id} kind={hold.kind} />)}
                </span>
                <DialButton accountId={account.account.id} accountRef={account.account.ref} phoneId={phone.id} number={phone.number}
                  gate={gate?.phones.find((g) => g.phoneId === phone.id)} screenGate={gate} onLogged={onLogged} />
                {gateFor(phone.id)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
