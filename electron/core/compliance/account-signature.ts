// What an account's gate facts are built from, as a flat list of values: every field of its
// detail that facts-from-store.ts reads, in one fixed order. The gate keeps the list per account
// and compares the next detail with it value by value, which costs no allocation and no hashing;
// any difference (a value, a count, a call that closes another) means the facts are built again.
//
// The walk defines the order; matchesSignature follows it written out for speed, and a test
// checks the two agree. A field facts-from-store.ts starts reading must be added to both.
import type { AccountDetail } from '../../../shared/api/contract';

type Value = string | number | boolean | null | undefined;
export type Signature = readonly Value[];

/** Visits every value the facts depend on, in signature order; stops at the first visit that returns false. */
export function walk(d: AccountDetail, visit: (v: Value) => boolean): boolean {
  const a = d.account;
  if (!visit(a.id) || !visit(a.region) || !visit(a.province) || !visit(a.postalCode) || !visit(a.timeZone)) return false;
  if (!visit(d.parties.length)) return false;
  for (const p of d.parties) if (!visit(p.id) || !visit(p.kind) || !visit(p.relation)) return false;
  if (!visit(d.phones.length)) return false;
  for (const p of d.phones) if (!visit(p.id) || !visit(p.partyId) || !visit(p.number) || !visit(p.type) || !visit(p.timeZone)) return false;
  if (!visit(d.holds.length)) return false;
  for (const h of d.holds) if (!visit(h.kind) || !visit(h.effectiveAt) || !visit(h.liftedAt) || !visit(h.phoneId) || !visit(h.partyId)) return false;
  if (!visit(d.timeline.length)) return false;
  for (const t of d.timeline) {
    if (!visit(t.at) || !visit(t.kind) || !visit(t.result)) return false;
    const c = t.call;
    // Whether the item is a call first, so an item with a call never lines up with one without.
    if (!visit(c !== undefined && c !== null)) return false;
    if (c && (!visit(c.phoneId) || !visit(c.callId) || !visit(c.contact) || !visit(c.closes))) return false;
  }
  return true;
}

export function signatureOf(detail: AccountDetail): Signature {
  const values: Value[] = [];
  walk(detail, (v) => {
    values.push(typeof v === 'string' ? intern(v) : v);
    return true;
  });
  return values;
}

// The same few texts (kinds, results, phone types, regions, zones) recur in every account: a
// signature keeps one copy of each rather than one per account and field. Only short texts, and
// a bounded number: ids and times are nearly all unique and are not kept.
const INTERNED = new Map<string, string>();
const INTERN_MAX_LENGTH = 24;
const INTERN_MAX = 10_000;

function intern(text: string): string {
  if (text.length > INTERN_MAX_LENGTH || isTime(text)) return text;
  const known = INTERNED.get(text);
  if (known !== undefined) return known;
  if (INTERNED.size < INTERN_MAX) INTERNED.set(text, text);
  return text;
}

function isTime(text: string): boolean {
  return text.length >= 20 && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(4) === 45 /* - */;
}

/**
 * Whether the detail holds exactly the values the signature was taken from. The same walk as
 * signatureOf, written out: it runs for every account at every sweep, and a call per value was
 * most of its cost. test/electron/compliance-gate.test.ts checks that the two agree, field by field.
 */
export function matchesSignature(sig: Signature, d: AccountDetail): boolean {
  let i = 0;
  const a = d.account;
  if (sig[0] !== a.id || sig[1] !== a.region || sig[2] !== a.province || sig[3] !== a.postalCode || sig[4] !== a.timeZone) return false;
  i = 5;
  const { parties, phones, holds, timeline } = d;
  if (sig[i++] !== parties.length) return false;
  for (let k = 0; k < parties.length; k++) {
    const p = parties[k]!;
    if (sig[i] !== p.id || sig[i + 1] !== p.kind || sig[i + 2] !== p.relation) return false;
    i += 3;
  }
  if (sig[i++] !== phones.length) return false;
  for (let k = 0; k < phones.length; k++) {
    const p = phones[k]!;
    if (sig[i] !== p.id || sig[i + 1] !== p.partyId || sig[i + 2] !== p.number || sig[i + 3] !== p.type || sig[i + 4] !== p.timeZone) return false;
    i += 5;
  }
  if (sig[i++] !== holds.length) return false;
  for (let k = 0; k < holds.length; k++) {
    const h = holds[k]!;
    if (sig[i] !== h.kind || sig[i + 1] !== h.effectiveAt || sig[i + 2] !== h.liftedAt || sig[i + 3] !== h.phoneId || sig[i + 4] !== h.partyId) return false;
    i += 5;
  }
  if (sig[i++] !== timeline.length) return false;
  for (let k = 0; k < timeline.length; k++) {
    const t = timeline[k]!;
    if (sig[i] !== t.at || sig[i + 1] !== t.kind || sig[i + 2] !== t.result) return false;
    const c = t.call;
    const isCall = c !== undefined && c !== null;
    if (sig[i + 3] !== isCall) return false;
    i += 4;
    if (isCall) {
      if (sig[i] !== c.phoneId || sig[i + 1] !== c.callId || sig[i + 2] !== c.contact || sig[i + 3] !== c.closes) return false;
      i += 4;
    }
  }
  return i === sig.length;
}
