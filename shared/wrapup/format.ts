// Locale formatting of money (integer minor units + currency) and calendar dates with Intl.
// Shared by the wrap-up messages and the talk-track variables.
import type { CatalogueLanguage } from './catalogue';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function currencyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return f;
}

/** The currency's minor-unit digits (2 for CNY and USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return currencyFormat(currency, 'en').resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Money from integer minor units: 1240050 CNY → "¥12,400.50" (zh-CN), 124050 USD → "$1,240.50"
 * (en). The major/minor split is done on integers, so no binary-fraction rounding creeps in.
 */
export function formatMoney(minor: number, currency: string, locale: CatalogueLanguage | string): string {
  const digits = minorDigits(currency);
  const f = currencyFormat(currency, locale);
  if (digits === 0) return f.format(minor);
  const scale = 10 ** digits;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  const text = `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
  // Intl accepts a decimal string and formats it exactly (ES2023 Intl.NumberFormat v3).
  return f.format(text as unknown as number);
}

/** A calendar date (YYYY-MM-DD, no zone) in the locale: "March 9, 2026", "2026年3月9日". */
export function formatIsoDate(date: string, locale: CatalogueLanguage | string, style: 'long' | 'medium' | 'short' = 'long'): string {
  const key = `${locale}|${style}`;
  let f = dateFormats.get(key);
  // The date has no zone: format it as UTC midnight in UTC so it never shifts a day.
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' })));
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : f.format(ms);
}

/** An instant as local date and time in `zone`: "March 9, 2026 at 2:30 PM", "2026年3月9日 14:30". */
export function formatInstant(ms: number, zone: string, locale: CatalogueLanguage | string): string {
  const key = `${locale}|${zone}|instant`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: zone })));
  return f.format(ms);
}
