// Talk-track variables: the names a track may use as {{name}}, which of them disclose the debt
// (hidden until the right party is verified, never allowed in a third-party track), and how
// each is filled from the call context and formatted for the track's locale.
import type { IdentityOnFile } from '../domain/identity';
import { daysPastDue as daysBetween } from '../domain/portfolio';
import { dayToIsoDate, localDay } from '../compliance/time';
import { formatIsoDate, formatMoney } from '../wrapup/format';
import type { TrackLocale } from './schema';

/** Every variable a track may use; `debt: true` ones reveal the debt or its details. */
export const VARIABLES = {
  debtorName: { debt: false, description: 'the debtor’s full name' },
  salutation: { debt: false, description: 'how to address the debtor (张先生, Ms. Rivera); the name if not set' },
  agentName: { debt: false, description: 'the agent’s name' },
  agentId: { debt: false, description: 'the agent’s staff number (工号)' },
  institution: { debt: false, description: 'the organisation calling (lender’s service centre or the agency)' },
  callbackNumber: { debt: false, description: 'the number the person can call back' },
  businessHours: { debt: false, description: 'when the callback number is answered' },
  paymentChannel: { debt: false, description: 'the official way to pay (app, bank account of the lender)' },
  today: { debt: false, description: 'today’s date in the debtor’s zone' },
  lender: { debt: true, description: 'the creditor' },
  product: { debt: true, description: 'the loan or card product' },
  accountRef: { debt: true, description: 'the account reference (last digits)' },
  amountDue: { debt: true, description: 'the amount now due' },
  balance: { debt: true, description: 'the whole balance' },
  dueDate: { debt: true, description: 'the due date' },
  daysPastDue: { debt: true, description: 'days past the due date (0 before it)' },
  daysUntilDue: { debt: true, description: 'days until the due date (0 on and after it)' },
} as const satisfies Record<string, { debt: boolean; description: string }>;

export type VariableName = keyof typeof VARIABLES;

export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

export function isVariableName(name: string): name is VariableName {
  return Object.hasOwn(VARIABLES, name);
}

export function isDebtVariable(name: VariableName): boolean {
  return VARIABLES[name].debt;
}

/** Every {{name}} in a text, in order (names as written, trimmed). */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]!);
}

/** Braces left over once every well-formed {{name}} is removed: a typo such as {{name} or {name}}. */
export function strayBraces(text: string): boolean {
  return /\{\{|\}\}/.test(text.replace(/\{\{\s*[^{}]*?\s*\}\}/g, ''));
}

/** What the console knows about the call: the account, the agent and who is calling. */
export interface CallContext {
  /** ISO 4217 code of the amounts (CNY, USD). */
  currency: string;
  /** The debtor's IANA zone (dates are the debtor's). */
  timeZone: string;
  debtorName: string;
  salutation?: string;
  agentName: string;
  agentId?: string;
  institution: string;
  callbackNumber?: string;
  businessHours?: string;
  paymentChannel?: string;
  lender?: string;
  product?: string;
  accountRef?: string;
  amountDueMinor?: number;
  balanceMinor?: number;
  /** YYYY-MM-DD. */
  dueDate?: string;
  /** The debtor's state or province, ISO 3166-2 (US-CA) or the bare code (CA): decides the recording notice. */
  region?: string;
  /**
   * What the identity checks compare against. The console passes the address (shown during
   * verification) and `onFile`, the central store's salted digests of the date of birth and the
   * last-4 (shared/domain/identity.ts); plain values are for tests and previews. A date of birth
   * or last-4 never shows, only its masked hint.
   */
  identity?: {
    /** YYYY-MM-DD. */
    dateOfBirth?: string;
    ssnLast4?: string;
    idLast4?: string;
    address?: string;
    onFile?: IdentityOnFile | null;
  };
}

export type VariableValues = Partial<Record<VariableName, string>>;

/** The variables' values for this call, formatted for the locale, at instant `now`. */
export function variableValues(context: CallContext, locale: TrackLocale, now: number): VariableValues {
  const today = dayToIsoDate(localDay(now, context.timeZone));
  const v: VariableValues = {
    debtorName: context.debtorName,
    salutation: context.salutation ?? context.debtorName,
    agentName: context.agentName,
    institution: context.institution,
    today: formatIsoDate(today, locale),
  };
  const set = (name: VariableName, value: string | undefined) => {
    if (value !== undefined && value !== '') v[name] = value;
  };
  set('agentId', context.agentId);
  set('callbackNumber', context.callbackNumber);
  set('businessHours', context.businessHours);
  set('paymentChannel', context.paymentChannel);
  set('lender', context.lender);
  set('product', context.product);
  set('accountRef', context.accountRef);
  if (context.amountDueMinor !== undefined) v.amountDue = formatMoney(context.amountDueMinor, context.currency, locale);
  if (context.balanceMinor !== undefined) v.balance = formatMoney(context.balanceMinor, context.currency, locale);
  if (context.dueDate) {
    v.dueDate = formatIsoDate(context.dueDate, locale);
    const days = daysBetween(context.dueDate, today);
    v.daysPastDue = new Intl.NumberFormat(locale).format(Math.max(0, days));
    v.daysUntilDue = new Intl.NumberFormat(locale).format(Math.max(0, -days));
  }
  return v;
}

/** What a masked debt variable shows as. */
export const MASK = '•••';

export interface Rendered {
  text: string;
  /** Variables the text uses that the context does not have (shown as [name]). */
  missing: VariableName[];
}

/**
 * Fill a text's {{variables}}. With `masked`, every debt variable shows as ••• whatever its
 * value: nothing about the debt can reach the screen before the right party is verified.
 */
export function render(text: string, values: VariableValues, masked: boolean): Rendered {
  const missing: VariableName[] = [];
  const out = text.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name: string) => {
    if (!isVariableName(name)) return whole;
    if (masked && VARIABLES[name].debt) return MASK;
    const value = values[name];
    if (value === undefined) {
      missing.push(name);
      return `[${name}]`;
    }
    return value;
  });
  return { text: out, missing };
}
