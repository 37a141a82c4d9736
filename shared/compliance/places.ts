// Where the person contacted may be for one attempt: the possible locations of the address
// and/or of the phone called (locations.ts), deduplicated, with their distinct zones. The gate
// needs this for every decision, so the answer is remembered per called number (or address):
// one Map lookup comparing the few fields it depends on, where it used to take two lookups, a
// union and a list of zones each time.
import type { Address, Phone } from './facts';
import { addressLocations, dedupeLocations, phoneLocations, type Location } from './locations';

export interface Places {
  /** Every place the person may be (deduplicated; shared, read-only). */
  locations: Location[];
  /** The distinct zones of `locations`, in order. */
  zones: string[];
  /**
   * What rules work out from these places alone, kept with them (see remembered()): the places
   * of a person or number are remembered, so the same object comes back at every decision.
   */
  memo: unknown[];
  /** Decisions made at these places so far: rules keep things with places that are decided on again (a sweep's). */
  uses: number;
}

/**
 * What `owner` (a rule, a window) keeps about these places (remember()), or undefined. Looked up
 * by identity in a short list: a set of places meets only a few owners.
 */
export function remembered<T>(places: Places, owner: object): T | undefined {
  const memo = places.memo;
  for (let i = 0; i < memo.length; i += 2) if (memo[i] === owner) return memo[i + 1] as T;
  return undefined;
}

const MAX_OWNERS = 32;

export function remember<T>(places: Places, owner: object, value: T): T {
  const memo = places.memo;
  // Owners come from packs; a long session that rebuilds its packs often leaves old ones behind.
  if (memo.length >= 2 * MAX_OWNERS) memo.length = 0;
  memo.push(owner, value);
  return value;
}

/** Which inputs locate the person: the called phone, the address, or both. */
export type PlaceSource = 'phone' | 'address' | 'both';

type CalledPhone = Pick<Phone, 'number' | 'timeZone'>;

interface Entry extends Places, Pick<Address, 'country' | 'region' | 'postalCode' | 'timeZone'> {
  source: PlaceSource;
  number: string | undefined;
  phoneZone: string | undefined;
  /** Another input with the same key (rare: one number read against two addresses, …). */
  next: Entry | undefined;
}

// Keyed by the called number (or the address's most specific field); one entry per key is the
// rule, so the entry itself is the value and carries the answer: one lookup, no arrays to walk.
const memo = new Map<string, Entry>();

export function placesFrom(locations: Location[]): Places {
  return { locations, zones: [...new Set(locations.map((l) => l.zone))], memo: [], uses: 0 };
}

function matches(e: Entry, source: PlaceSource, address: Address, phone: CalledPhone | null): boolean {
  if (e.source !== source || e.country !== address.country) return false;
  if (source !== 'phone' && (e.region !== address.region || e.postalCode !== address.postalCode || e.timeZone !== address.timeZone)) return false;
  return source === 'address' || (e.number === phone!.number && e.phoneZone === phone!.timeZone);
}

function compute(source: PlaceSource, address: Address, phone: CalledPhone | null): Places {
  // A phone abroad is read against the address's country when the number alone cannot tell.
  const fromPhone = source === 'address' ? [] : phoneLocations(phone!, address.country);
  const fromAddress = source === 'phone' ? [] : addressLocations(address);
  return placesFrom(dedupeLocations([...fromAddress, ...fromPhone]));
}

/** The places for `source` (`phone` must be given unless it is 'address'). */
export function placesOf(source: PlaceSource, address: Address, phone: CalledPhone | null): Places {
  const key = source === 'address' ? (address.postalCode ?? address.region ?? address.country) : phone!.number;
  const first = memo.get(key);
  for (let e = first; e; e = e.next) if (matches(e, source, address, phone)) return e;
  const { locations, zones } = compute(source, address, phone);
  if (!first && memo.size > 20_000) memo.clear();
  const { country, region, postalCode, timeZone } = address;
  const entry: Entry = {
    locations, zones, memo: [], uses: 0, source, country, region, postalCode, timeZone, number: phone?.number, phoneZone: phone?.timeZone, next: first,
  };
  memo.set(key, entry);
  return entry;
}
