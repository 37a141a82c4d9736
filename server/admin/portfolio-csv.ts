// Portfolio import for the admin CLI: a CSV file with one row per debt (docs/server.md
// "Portfolio CSV"). Every row is checked (zod, phone numbers with libphonenumber-js) before
// anything is written; one bad row and nothing is imported, with every bad row reported. The
// identity columns (date of birth, ID or SSN last four) are optional: portfolio-identity.ts.
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { IdentityFacts } from '../../shared/domain/identity';
import { type AccountBundle, PhoneType, Region } from '../../shared/domain/portfolio';
import { stageFor } from '../seed/portfolio';
import type { ServerStore } from '../store/store';
import { hasIdentity, IDENTITY_COLUMNS, IDENTITY_KEY, identityCells } from './portfolio-identity';

export const PORTFOLIO_COLUMNS = [
  'account_ref', 'region', 'debtor_name', 'address', 'province', 'postal_code', 'time_zone', 'team', 'assign_to', 'phones',
  'lender', 'product', 'principal', 'fees', 'balance', 'due_date',
] as const;

/** Parses RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new Error('the file ends inside a quoted field');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const money = z.string().trim().regex(/^\d{1,13}(\.\d{1,2})?$/, 'an amount like 1234.56 (at most 2 decimals, no sign)')
  .transform((v) => Math.round(Number(v) * 100));
const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const timeZone = z.string().trim().refine((tz) => {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return tz.includes('/'); } catch { return false; }
}, 'an IANA time zone such as Asia/Shanghai');

const Row = z.object({
  account_ref: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _ (at most 40)'),
  region: Region,
  debtor_name: text(200),
  address: text(500),
  province: text(100),
  postal_code: z.string().trim().max(20),
  time_zone: timeZone,
  team: text(100),
  assign_to: z.string().trim().max(100),
  phones: z.string().trim().min(1, 'at least one phone, as type:+number;type:+number'),
  lender: text(200),
  product: text(200),
  principal: money.refine((v) => v > 0, 'must be more than 0'),
  fees: money,
  balance: money,
  due_date: z.iso.date(),
});
type Row = z.infer<typeof Row>;

export interface RowError { line: number; message: string }

export interface PortfolioPlan {
  bundles: AccountBundle[];
  /** The identity values of the accounts that have any (the others: nothing on file). */
  identities: IdentityFacts[];
  errors: RowError[];
  rows: number;
}

const ACCOUNT_FIELDS = ['region', 'debtor_name', 'address', 'province', 'postal_code', 'time_zone', 'team', 'assign_to', 'phones'] as const;

function parsePhones(list: string, region: Region): { type: PhoneType; number: string }[] | string {
  const phones: { type: PhoneType; number: string }[] = [];
  for (const item of list.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [type, number] = item.includes(':') ? [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)] : ['', item];
    const kind = PhoneType.safeParse(type.trim());
    if (!kind.success) return `phone "${item}": the type must be one of ${PhoneType.options.join(', ')} (type:+number)`;
    const parsed = parsePhoneNumberFromString(number.trim(), region);
    if (!parsed || !parsed.isValid()) return `phone "${number.trim()}" is not a valid phone number`;
    if (parsed.country !== region) return `phone "${number.trim()}" is not a ${region} number`;
    if (phones.some((p) => p.number === parsed.number)) return `phone ${parsed.number} is listed twice`;
    phones.push({ type: kind.data, number: parsed.number });
  }
  return phones.length > 0 ? phones : 'at least one phone, as type:+number;type:+number';
}

/** Checks the whole file against the store and builds the accounts; writes nothing. */
export async function planPortfolio(csv: string, store: ServerStore, now: Date): Promise<PortfolioPlan> {
  const errors: RowError[] = [];
  let table: string[][];
  try {
    table = parseCsv(csv);
  } catch (err) {
    return { bundles: [], identities: [], errors: [{ line: 0, message: (err as Error).message }], rows: 0 };
  }
  const [header, ...body] = table;
  const missing = PORTFOLIO_COLUMNS.filter((c) => !header?.map((h) => h.trim()).includes(c));
  if (!header || missing.length > 0) {
    return { bundles: [], identities: [], errors: [{ line: 1, message: `the header must name the columns ${PORTFOLIO_COLUMNS.join(',')}; missing: ${missing.join(', ')}` }], rows: 0 };
  }
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const todayIso = now.toISOString().slice(0, 10);
  const today = Date.parse(`${todayIso}T00:00:00Z`);
  const accounts = new Map<string, { line: number; row: Row; bundle: AccountBundle; facts: IdentityFacts }>();
  const teams = new Map<string, string | undefined>();
  const users = new Map<string, { id: string; teamId: string | null; role: string } | undefined>();

  for (const [i, cells] of body.entries()) {
    const line = i + 2;
    const raw = Object.fromEntries(PORTFOLIO_COLUMNS.map((c) => [c, cells[col.get(c)!] ?? '']));
    const parsed = Row.safeParse(raw);
    const cell = (c: string) => (col.has(c) ? (cells[col.get(c)!] ?? '') : '');
    const region = Region.safeParse(raw.region);
    // Read even when other columns are bad, so one report names every bad cell of the row.
    const identity = region.success
      ? identityCells({ date_of_birth: cell('date_of_birth'), id_last4: cell('id_last4'), ssn_last4: cell('ssn_last4') }, region.data, todayIso)
      : null;
    const problems = [
      ...(parsed.success ? [] : parsed.error.issues.map((is) => `${is.path.join('.')}: ${is.message}`)),
      ...(identity && !identity.ok ? identity.errors : []),
    ];
    if (!parsed.success || !identity?.ok) {
      errors.push({ line, message: problems.join('; ') });
      continue;
    }
    const row = parsed.data;
    const seen = accounts.get(row.account_ref);
    if (seen) {
      const differs: string[] = ACCOUNT_FIELDS.filter((f) => seen.row[f] !== row[f]);
      // Compared as kept: a whole ID number on one row and its last four on another agree.
      differs.push(...IDENTITY_COLUMNS.filter((c) => seen.facts[IDENTITY_KEY[c]] !== identity.facts[IDENTITY_KEY[c]]));
      if (differs.length > 0) {
        errors.push({ line, message: `account ${row.account_ref}: ${differs.join(', ')} differ from line ${seen.line} (account columns must repeat exactly)` });
        continue;
      }
    } else {
      const phones = parsePhones(row.phones, row.region);
      if (typeof phones === 'string') { errors.push({ line, message: phones }); continue; }
      if (!teams.has(row.team)) teams.set(row.team, (await store.findTeamByName(row.team))?.id);
      const teamId = teams.get(row.team);
      if (!teamId) { errors.push({ line, message: `no team named "${row.team}"` }); continue; }
      let assignedTo: string | null = null;
      if (row.assign_to) {
        if (!users.has(row.assign_to)) users.set(row.assign_to, await store.findUserByUsername(row.assign_to));
        const user = users.get(row.assign_to);
        if (!user) { errors.push({ line, message: `no user "${row.assign_to}"` }); continue; }
        if (user.teamId !== teamId) { errors.push({ line, message: `user "${row.assign_to}" is not in team "${row.team}"` }); continue; }
        assignedTo = user.id;
      }
      if (await store.findAccountByRef(row.account_ref)) { errors.push({ line, message: `account ${row.account_ref} already exists` }); continue; }
      const accountId = randomUUID();
      const partyId = randomUUID();
      accounts.set(row.account_ref, {
        line, row, facts: { accountId, ...identity.facts }, bundle: {
          account: {
            id: accountId, ref: row.account_ref, region: row.region, currency: row.region === 'CN' ? 'CNY' : 'USD', debtorName: row.debtor_name,
            address: row.address, province: row.province, postalCode: row.postal_code, timeZone: row.time_zone, assignedTo, teamId,
          },
          debts: [],
          parties: [{ id: partyId, accountId, kind: 'debtor', relation: 'self', name: row.debtor_name }],
          phones: phones.map((p) => ({ id: randomUUID(), accountId, partyId, number: p.number, type: p.type, consent: 'none', timeZone: null })),
          holds: [],
          history: [],
        },
      });
    }
    const bundle = accounts.get(row.account_ref)!.bundle;
    const dpd = Math.round((today - Date.parse(`${row.due_date}T00:00:00Z`)) / 86_400_000);
    bundle.debts.push({
      id: randomUUID(), accountId: bundle.account.id, lender: row.lender, product: row.product, principalMinor: row.principal,
      feesMinor: row.fees, balanceMinor: row.balance, dueDate: row.due_date, stage: stageFor(dpd),
    });
  }
  if (body.length === 0) errors.push({ line: 2, message: 'the file has a header but no rows' });
  if (errors.length > 0) return { bundles: [], identities: [], errors, rows: body.length };
  const planned = [...accounts.values()];
  return { bundles: planned.map((a) => a.bundle), identities: planned.map((a) => a.facts).filter(hasIdentity), errors, rows: body.length };
}

/**
 * Writes a checked plan: the accounts, then their identity values (kept with fresh salts, and
 * only digests and hints go to consoles: server/store/identity-store.ts).
 */
export async function importPlan(plan: PortfolioPlan, store: ServerStore, at: string): Promise<void> {
  await store.insertAccounts(plan.bundles, at);
  await store.identity.setIdentities(plan.identities, at);
}
