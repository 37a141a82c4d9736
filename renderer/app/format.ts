// Numbers, money, dates and relative times in the current language, all through Intl.
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../shared/domain/portfolio';
import { labelledDateTime } from '../features/queue/zoned-time';

export interface Format {
  number(n: number): string;
  /** Integer minor units (fen, cents) with the currency's symbol. */
  money(minor: number, currency: Currency): string;
  /** A calendar date (YYYY-MM-DD), shown as that date wherever the agent is. */
  date(isoDate: string): string;
  dateTime(iso: string): string;
  /** "Dec 7, 08:00 GMT+8": a date and time labelled with its zone (the agent's when absent). */
  zoned(iso: string, timeZone?: string): string;
  /** Wall-clock time now in another time zone; null if the zone is unknown to this engine. */
  clock(now: Date, timeZone: string): string | null;
  /** "3 minutes ago", "in 2 days", "tomorrow". */
  relative(value: number, unit: Intl.RelativeTimeFormatUnit): string;
  /** How long ago an instant was, in the largest unit that fits. */
  ago(iso: string, now: number): string;
}

const AGO_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

function createFormat(language: string): Format {
  const numbers = new Intl.NumberFormat(language);
  const currencies = new Map<Currency, Intl.NumberFormat>();
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimes = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const relatives = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const relative = (value: number, unit: Intl.RelativeTimeFormatUnit) => relatives.format(value, unit);
  return {
    number: (n) => numbers.format(n),
    money(minor, currency) {
      let format = currencies.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
        currencies.set(currency, format);
      }
      return format.format(minor / 100);
    },
    date: (isoDate) => dates.format(new Date(`${isoDate}T00:00:00Z`)),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    zoned: (iso, timeZone) => labelledDateTime(language, iso, timeZone),
    clock(now, timeZone) {
      try {
        return new Intl.DateTimeFormat(language, { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(now);
      } catch {
        return null; // RangeError: not an IANA zone this engine knows
      }
    },
    relative,
    ago(iso, now) {
      const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
      const [unit, size] = AGO_UNITS.find(([, s]) => seconds >= s) ?? ['second', 1];
      return relative(-Math.floor(seconds / size), unit);
    },
  };
}

const byLanguage = new Map<string, Format>();

/** Formatters for the current language, built once per language (Intl objects are costly). */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  let format = byLanguage.get(i18n.language);
  if (!format) {
    format = createFormat(i18n.language);
    byLanguage.set(i18n.language, format);
  }
  return format;
}
