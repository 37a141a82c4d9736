import { beforeAll, expect, it } from 'vitest';
import { type AccountBundle, HoldKind, Stage, daysPastDue } from '../../shared/domain/portfolio';
import { type SeedCounts, seedDemo } from '../../server/seed/demo';
import { US_STATES } from '../../server/seed/places';
import { stageFor } from '../../server/seed/portfolio';
import { openStore } from '../../server/store/open';
import { NOW, type StoreKind, createTestDatabase, describeEachStore } from './helpers';

type Seeded = { counts: SeedCounts; accounts: AccountBundle[] };

/** Seeds a fresh database and reads everything back through the store. */
async function seedInto(kind: StoreKind): Promise<Seeded> {
  const database = await createTestDatabase(kind);
  try {
    const store = await openStore(database.location);
    try {
      const counts = await seedDemo(store, { now: NOW });
      const page = await store.pullAccounts({ id: 'nobody', role: 'admin' }, 0, 1000);
      expect(page.hasMore).toBe(false);
      return { counts, accounts: page.accounts };
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

// Seeded once per kind and shared, so the PostgreSQL run can be compared with the SQLite one.
const seeded = new Map<StoreKind, Promise<Seeded>>();
const seedOnce = (kind: StoreKind) => {
  if (!seeded.has(kind)) seeded.set(kind, seedInto(kind));
  return seeded.get(kind)!;
};

describeEachStore('demo seed', (kind) => {
  let first: Seeded;
  let second: Seeded;

  beforeAll(async () => {
    first = await seedOnce(kind);
    second = await seedInto(kind);
  }, 60_000);

  if (kind === 'postgres') {
    it('reads back exactly what SQLite reads back', async () => {
      expect(first.accounts).toEqual((await seedOnce('sqlite')).accounts);
    }, 60_000);
  }

  it('is deterministic for the same now', () => {
    expect(second.counts).toEqual(first.counts);
    const names = (r: typeof first) => r.accounts.slice(0, 25).map((b) => `${b.account.ref} ${b.account.debtorName}`);
    expect(names(second)).toEqual(names(first));
    expect(second.accounts).toEqual(first.accounts);
  });

  it('has at least 600 debtors, about half in each region, consistent with their region', () => {
    const { counts, accounts } = first;
    expect(counts.accounts).toBeGreaterThanOrEqual(600);
    expect(accounts.length).toBe(counts.accounts);
    const cn = accounts.filter((b) => b.account.region === 'CN');
    const us = accounts.filter((b) => b.account.region === 'US');
    expect(Math.abs(cn.length - us.length)).toBeLessThan(accounts.length * 0.1);

    for (const b of cn) {
      expect(b.account.currency).toBe('CNY');
      expect(b.account.timeZone).toBe('Asia/Shanghai');
      expect(b.account.debtorName).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(b.phones.filter((p) => p.type === 'mobile').every((p) => /^\+861[358]\d{9}$/.test(p.number))).toBe(true);
    }
    expect(new Set(cn.map((b) => b.account.province)).size).toBeGreaterThanOrEqual(5);

    const areaCodes = new Map(US_STATES.flatMap((s) => s.cities.flatMap((c) => c.areaCodes.map((a) => [a, s.timeZone] as const))));
    for (const b of us) {
      expect(b.account.currency).toBe('USD');
      for (const p of b.phones) {
        expect(p.number).toMatch(/^\+1[2-9]\d{2}[2-9]\d{6}$/);
        expect(areaCodes.get(p.number.slice(2, 5))).toBe(p.timeZone);
      }
    }
    expect(new Set(us.map((b) => b.account.province))).toEqual(new Set(['NY', 'CA', 'TX', 'FL', 'IL', 'PA', 'NV', 'WA', 'AZ', 'CO']));
    expect(new Set(us.map((b) => b.account.timeZone)).size).toBeGreaterThanOrEqual(5);
  });

  it('spreads debts from -3 to 360 days past due with a stage matching each', () => {
    const today = NOW.toISOString().slice(0, 10);
    const debts = first.accounts.flatMap((b) => b.debts);
    const dpds = debts.map((d) => daysPastDue(d.dueDate, today));
    expect(Math.min(...dpds)).toBe(-3);
    expect(Math.max(...dpds)).toBe(360);
    for (const [i, d] of debts.entries()) expect(d.stage).toBe(stageFor(dpds[i]!));
    expect(new Set(debts.map((d) => d.stage))).toEqual(new Set(Stage.options));
    expect(first.accounts.every((b) => b.debts.length >= 1 && b.debts.length <= 3)).toBe(true);
    expect(debts.every((d) => Number.isInteger(d.balanceMinor) && d.balanceMinor > 0)).toBe(true);
  });

  it('gives debtors 2-4 phones, third-party contacts and a few co-debtors', () => {
    for (const b of first.accounts) {
      const debtor = b.parties.find((p) => p.kind === 'debtor')!;
      const own = b.phones.filter((p) => p.partyId === debtor.id);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own.length).toBeLessThanOrEqual(4);
    }
    const parties = first.accounts.flatMap((b) => b.parties);
    expect(new Set(parties.filter((p) => p.kind === 'third_party').map((p) => p.relation)))
      .toEqual(new Set(['emergency_contact', 'relative', 'employer']));
    expect(parties.some((p) => p.kind === 'co_debtor')).toBe(true);
    expect(first.accounts.flatMap((b) => b.phones).some((p) => p.consent === 'express')).toBe(true);
  });

  it('puts holds of every kind an account can be given on about 8% of accounts', () => {
    const held = first.accounts.filter((b) => b.holds.length > 0);
    expect(held.length / first.accounts.length).toBeGreaterThan(0.05);
    expect(held.length / first.accounts.length).toBeLessThan(0.12);
    const holds = first.accounts.flatMap((b) => b.holds);
    // Channel opt-outs are filed by the debtor's own STOP / 退订 replies, never seeded.
    const replyOnly = new Set<string>(['sms_opt_out', 'email_opt_out']);
    expect(new Set(holds.map((h) => h.kind))).toEqual(new Set(HoldKind.options.filter((k) => !replyOnly.has(k))));
    expect(holds.filter((h) => h.kind === 'do_not_call').every((h) => h.phoneId !== null)).toBe(true);
    expect(holds.filter((h) => h.kind === 'deceased').length).toBe(2);
  });

  it('writes history of calls, messages, payments and promises kept and broken', () => {
    const history = first.accounts.flatMap((b) => b.history);
    expect(first.accounts.every((b) => b.history.length <= 8)).toBe(true);
    const seen = new Set(history.map((h) => `${h.kind}:${h.result}`));
    for (const k of ['call:answered', 'call:no_answer', 'call:busy', 'call:voicemail', 'sms:sent', 'payment:received', 'promise:kept', 'promise:broken']) {
      expect(seen).toContain(k);
    }
    expect(history.filter((h) => h.kind === 'promise').every((h) => h.amountMinor! > 0 && h.dueDate !== null)).toBe(true);
    expect(history.every((h) => h.at < NOW.toISOString())).toBe(true);
  });

  it('assigns CN accounts to collector1 and ~30 to the field agent, US ones to collector2', () => {
    const byAgent = new Map<string, AccountBundle[]>();
    for (const b of first.accounts) byAgent.set(b.account.assignedTo!, [...(byAgent.get(b.account.assignedTo!) ?? []), b]);
    const sizes = [...byAgent.values()].map((list) => list.length).sort((a, b) => a - b);
    expect(sizes).toEqual([30, first.counts.byRegion.CN - 30, first.counts.byRegion.US]);
  });

  it('puts a date of birth and the ID (CN) or SSN (US) last four on file for most debtors, and sends consoles only hints and digests', () => {
    const { counts, accounts } = first;
    expect(counts.identities.dateOfBirth / counts.accounts).toBeGreaterThan(0.8);
    expect(counts.identities.last4 / counts.accounts).toBeGreaterThan(0.75);
    expect(counts.identities.last4).toBeLessThan(counts.accounts); // some have nothing on file: "not on file" shows in the demo
    for (const b of accounts) {
      const cn = b.account.region === 'CN';
      expect(b.identity, b.account.ref).toBeTruthy();
      expect(cn ? b.identity!.ssnLast4 : b.identity!.idLast4).toBeNull();
      for (const v of [b.identity!.dateOfBirth, b.identity!.idLast4, b.identity!.ssnLast4]) {
        if (v) expect(v.hint).toMatch(/^(19|20)\*\*-\*\*-\*\*$|^••••$/);
      }
    }
    expect(accounts.filter((b) => b.identity!.dateOfBirth?.hint.startsWith('19')).length / accounts.length).toBeGreaterThan(0.5);
  });
});
