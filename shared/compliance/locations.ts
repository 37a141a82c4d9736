// Where the person may be when contacted. Regulation F asks for the time "at the consumer's
// location"; when the phone's area code and the address disagree, or nothing is known, the
// contact must be convenient in every place the person may be (12 CFR 1006.6(b)(1)(i) and its
// comments). So this module returns every possible (zone, region) pair, never a single guess.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { NANP_PREFIX_ZONES } from './data/nanp-zones.generated';
import { US_AREA_CODE_STATES } from './data/us-area-code-states.generated';
import { US_STATE_ZONES } from './data/us-state-zones.generated';
import { US_ZIP3_ZONE, US_ZIP5_ZONE_EXCEPTIONS } from './data/us-zip-zones.generated';
import type { Address, Phone } from './facts';

export interface Location {
  zone: string;
  /** ISO 3166-2 subdivision (US-NV), or null when the country has no regional rules here. */
  region: string | null;
  /** How it was found, as a code present.ts words for the agent: `zip 89101`, `phone +12125550123`. */
  via: string;
}

/** Zone used for countries whose rules are stated in one national time (China: Beijing time). */
const NATIONAL_ZONES: Record<string, string> = { CN: 'Asia/Shanghai' };

const US_STATE_CODES = new Set(Object.keys(US_STATE_ZONES));
const US_STATE_NAMES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT',
  delaware: 'DE', 'district of columbia': 'DC', florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL',
  indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE',
  nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC',
  'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI',
  'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA',
  washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY',
};

/** NV, Nevada, US-NV → NV; null when it is no US state. */
export function usStateCode(region: string): string | null {
  const text = region.trim();
  const code = text.toUpperCase().replace(/^US-/, '');
  if (US_STATE_CODES.has(code)) return code;
  return US_STATE_NAMES[text.toLowerCase()] ?? null;
}

function zonesOfState(state: string): string[] {
  return US_STATE_ZONES[state]?.split(' ') ?? [];
}

/** Every (zone, state) pair of the 50 states and DC: the safe answer when nothing is known. */
function everyUsLocation(via: string): Location[] {
  return Object.keys(US_STATE_ZONES).flatMap((state) => zonesOfState(state).map((zone) => ({ zone, region: `US-${state}`, via })));
}

/** Zone known, state not: every state that has land in that zone. */
function usStatesInZone(zone: string, via: string): Location[] {
  const states = Object.keys(US_STATE_ZONES).filter((state) => zonesOfState(state).includes(zone));
  return states.length > 0 ? states.map((state) => ({ zone, region: `US-${state}`, via })) : [{ zone, region: null, via }];
}

function unknownInCountry(country: string, via: string): Location[] {
  if (country === 'US') return everyUsLocation(via);
  const zone = NATIONAL_ZONES[country];
  return zone ? [{ zone, region: null, via }] : [];
}

export function usZipZone(postalCode: string): string | null {
  const zip = /^(\d{5})(-\d{4})?$/.exec(postalCode.trim())?.[1];
  if (!zip) return null;
  return US_ZIP5_ZONE_EXCEPTIONS[zip] ?? US_ZIP3_ZONE[zip.slice(0, 3)] ?? null;
}

// Parsing numbers and walking the tables costs more than the rules themselves: remember the
// answer per input (pure functions, bounded caches).
const memo = new Map<string, readonly Location[]>();
function remembered(key: string, compute: () => Location[]): Location[] {
  let hit = memo.get(key);
  if (!hit) {
    if (memo.size > 500_000) memo.clear();
    memo.set(key, (hit = Object.freeze(compute())));
  }
  return hit as Location[];
}

export function addressLocations(address: Address): Location[] {
  return remembered(`a|${address.country}|${address.region ?? ''}|${address.postalCode ?? ''}|${address.timeZone ?? ''}`, () => computeAddressLocations(address));
}

function computeAddressLocations(address: Address): Location[] {
  const country = address.country;
  if (country !== 'US') {
    if (address.timeZone) return [{ zone: address.timeZone, region: null, via: 'address-zone' }];
    return unknownInCountry(country, 'address');
  }
  const state = address.region ? usStateCode(address.region) : null;
  const zipZone = address.postalCode ? usZipZone(address.postalCode) : null;
  const zone = address.timeZone ?? zipZone;
  const via = address.timeZone ? 'address-zone' : zipZone ? `zip ${address.postalCode!.trim()}` : state ? `state ${state}` : 'unknown';
  if (zone && state) return [{ zone, region: `US-${state}`, via }];
  if (zone) return usStatesInZone(zone, via);
  if (state) return zonesOfState(state).map((z) => ({ zone: z, region: `US-${state}`, via }));
  return everyUsLocation(via);
}

/** Longest NANP prefix of the national number that Google's map knows. */
function nanpZones(nationalNumber: string): string[] | null {
  for (let length = Math.min(nationalNumber.length, 7); length >= 3; length--) {
    const zones = NANP_PREFIX_ZONES[nationalNumber.slice(0, length)];
    if (zones) return zones.split(' ');
  }
  return null;
}

export function phoneLocations(phone: Pick<Phone, 'number' | 'timeZone'>, fallbackCountry: string): Location[] {
  return remembered(`p|${phone.number}|${phone.timeZone ?? ''}|${fallbackCountry}`, () => computePhoneLocations(phone, fallbackCountry));
}

function computePhoneLocations(phone: Pick<Phone, 'number' | 'timeZone'>, fallbackCountry: string): Location[] {
  const parsed = parsePhoneNumberFromString(phone.number);
  const country = parsed?.country ?? fallbackCountry;
  if (country !== 'US' || !parsed) {
    if (phone.timeZone) return [{ zone: phone.timeZone, region: null, via: `phone-zone ${phone.number}` }];
    return unknownInCountry(country, `phone-unknown ${phone.number}`);
  }
  const areaCode = parsed.nationalNumber.slice(0, 3);
  const states = US_AREA_CODE_STATES[areaCode]?.split(' ') ?? [];
  const zones = phone.timeZone ? [phone.timeZone] : nanpZones(parsed.nationalNumber);
  const how = phone.timeZone ? `phone-zone ${phone.number}` : `phone ${phone.number}`;
  if (!zones) {
    // Toll-free and other non-geographic numbers tell nothing: anywhere in the states.
    return states.length > 0 ? states.flatMap((s) => zonesOfState(s).map((zone) => ({ zone, region: `US-${s}`, via: how }))) : everyUsLocation(`phone-unknown ${phone.number}`);
  }
  if (states.length === 0) return zones.flatMap((zone) => usStatesInZone(zone, how));
  // A zone and a state from the same number: pair them where the state has land in the zone;
  // keep every zone (a stated zone outside the states still binds).
  return zones.flatMap((zone) => {
    const inState = states.filter((s) => zonesOfState(s).includes(zone));
    return (inState.length > 0 ? inState : states).map((s) => ({ zone, region: `US-${s}`, via: how }));
  });
}

export function dedupeLocations(locations: Location[]): Location[] {
  const seen = new Map<string, Location>();
  for (const l of locations) {
    const key = `${l.zone}|${l.region}`;
    if (!seen.has(key)) seen.set(key, l);
  }
  return [...seen.values()];
}
