// The packs Fairline ships, by id.
import type { Pack } from '../pack';
import { cn } from './cn';
import { usRegf } from './us-regf';

export { cn, usRegf };

export const PACKS = { 'us-regf': usRegf, cn } as const satisfies Record<string, Pack>;
export type PackId = keyof typeof PACKS;

export function isPackId(id: string): id is PackId {
  return Object.hasOwn(PACKS, id);
}

/** The pack that governs contact in a country (ISO 3166-1 alpha-2), or undefined when none does. */
export function packIdForCountry(country: string): PackId | undefined {
  return Object.hasOwn(PACK_BY_COUNTRY, country) ? PACK_BY_COUNTRY[country as keyof typeof PACK_BY_COUNTRY] : undefined;
}

const PACK_BY_COUNTRY = { CN: 'cn', US: 'us-regf' } as const satisfies Record<string, PackId>;
