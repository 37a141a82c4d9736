// Numbers as the PBX wants them (SipSettings.dialPlan): a colleague's extension or SIP user as
// typed; an outside number in E.164 (+8613900000100) or national format (13900000100 at home,
// the international prefix before others), after the outside-line prefix, with ;user=phone
// when the PBX asks for it.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { DialPlan } from '../../shared/api/sip';

export interface DialTarget {
  /** The request URI. */
  uri: string;
  /** What kind of target it was. */
  kind: 'sip' | 'extension' | 'user' | 'number';
}

export class DialPlanError extends Error {}

export function dialTarget(input: string, plan: DialPlan, domain: string): DialTarget {
  const typed = input.trim();
  if (/^sips?:/i.test(typed)) return { uri: typed, kind: 'sip' };
  const compact = typed.replace(/[\s\-().]/g, '');
  // A colleague's SIP user (agent2): letters make it a name, not a number.
  if (/^[A-Za-z][A-Za-z0-9._-]*$/.test(compact)) return { uri: `sip:${compact}@${domain}`, kind: 'user' };
  if (!/^\+?[0-9*#]+$/.test(compact)) throw new DialPlanError(`Cannot dial ${input}`);
  const digits = compact.replace(/^\+/, '');
  if (!compact.startsWith('+') && digits.length <= plan.extensionMaxDigits) return { uri: `sip:${digits}@${domain}`, kind: 'extension' };
  const user = `${plan.outboundPrefix}${outside(compact, plan)}`;
  return { uri: `sip:${user}@${domain}${plan.userPhone ? ';user=phone' : ''}`, kind: 'number' };
}

/** The number in the plan's format; one that does not parse is sent as typed. */
function outside(compact: string, plan: DialPlan): string {
  const parsed = parsePhoneNumberFromString(compact, plan.homeCountry);
  if (!parsed) return compact;
  if (plan.format === 'e164') return parsed.number;
  if (parsed.country === plan.homeCountry || (parsed.countryCallingCode === countryCode(plan.homeCountry))) return parsed.formatNational().replace(/\D/g, '');
  return parsed.format('IDD', { fromCountry: plan.homeCountry })?.replace(/\D/g, '') ?? parsed.number;
}

function countryCode(country: DialPlan['homeCountry']): string {
  return country === 'US' ? '1' : '86';
}
