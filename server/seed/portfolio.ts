// Builds the demo accounts as plain data, synchronously and from the seeded generators only,
// so the same `now` always gives the same portfolio. Storing them is demo.ts's job.
import type {
  AccountBundle, Consent, Debt, HistoryEntry, HistoryKind, Hold, HoldKind, Party, Phone, PhoneType, Relation, Stage,
} from '../../shared/domain/portfolio';
import { type CallResult, CN, type Person, type Place, type RegionKit, US } from './regions';
import { rng } from './random';

export const ACCOUNTS_PER_REGION = 320;
export const FIELD_ACCOUNTS = 30;
const DAY = 86_400_000;

export interface DemoAgents {
  cnTeamId: string;
  usTeamId: string;
  collectorCn: { id: string; name: string };
  collectorUs: { id: string; name: string };
  field: { id: string; name: string };
}

/** The stage a debt is in at `dpd` days past due. */
export function stageFor(dpd: number): Stage {
  if (dpd <= 0) return 'reminder';
  if (dpd <= 30) return 'early';
  if (dpd <= 90) return 'late';
  if (dpd <= 180) return 'agency';
  return 'legal';
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

// Debts spread over the whole life of a collection: reminders before the due date to legal.
function drawDpd(): number {
  const [min, max] = rng.weighted<[number, number]>([[[-3, 0], 8], [[1, 30], 30], [[31, 90], 27], [[91, 180], 20], [[181, 360], 15]]);
  return rng.int(min, max);
}

interface Draft {
  kit: RegionKit;
  bundle: AccountBundle;
  place: Place;
  debtor: Person;
  maxDpd: number;
}

class Builder {
  private readonly usedNumbers = new Set<string>();
  private readonly todayMs: number;

  constructor(private readonly now: Date, private readonly agents: DemoAgents) {
    this.todayMs = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  }

  build(): AccountBundle[] {
    const cn = Array.from({ length: ACCOUNTS_PER_REGION }, (_, i) => this.draft(CN, i));
    const us = Array.from({ length: ACCOUNTS_PER_REGION }, (_, i) => this.draft(US, i));
    const fieldIds = this.pickFieldAccounts(cn);
    for (const d of cn) {
      const field = fieldIds.has(d.bundle.account.id);
      const agent = field ? this.agents.field : this.agents.collectorCn;
      Object.assign(d.bundle.account, { assignedTo: agent.id, teamId: this.agents.cnTeamId });
      d.bundle.history = this.history(d, agent.name, field);
    }
    for (const d of us) {
      Object.assign(d.bundle.account, { assignedTo: this.agents.collectorUs.id, teamId: this.agents.usTeamId });
      d.bundle.history = this.history(d, this.agents.collectorUs.name, false);
    }
    this.placeHolds(cn, CN_HOLDS);
    this.placeHolds(us, US_HOLDS);
    return [...cn, ...us].map((d) => d.bundle);
  }

  private draft(kit: RegionKit, index: number): Draft {
    const accountId = rng.uuid();
    const place = kit.place();
    const debtor = kit.person();
    const parties: Party[] = [];
    const phones: Phone[] = [];
    const addParty = (kind: Party['kind'], relation: Relation, name: string) => {
      const party: Party = { id: rng.uuid(), accountId, kind, relation, name };
      parties.push(party);
      return party;
    };
    const addPhone = (party: Party, type: PhoneType, consent: Consent) => {
      const { number, timeZone } = this.uniqueNumber(() => (type === 'mobile' ? kit.mobile(place) : { number: kit.landline(place), timeZone: place.timeZone }));
      phones.push({ id: rng.uuid(), accountId, partyId: party.id, number, type, consent, timeZone });
    };

    const self = addParty('debtor', 'self', debtor.name);
    addPhone(self, 'mobile', rng.weighted<Consent>([['express', 35], ['none', 62], ['revoked', 3]]));
    // One to three more, at most one of each type: a second mobile, home, work.
    for (const type of rng.shuffle<PhoneType>(['mobile', 'home', 'work']).slice(0, rng.int(1, 3))) {
      addPhone(self, type, rng.chance(0.1) ? 'express' : 'none');
    }
    if (rng.chance(0.05)) {
      const spouse = addParty('co_debtor', 'spouse', kit.person(kit.region === 'US' ? debtor.family : undefined).name);
      addPhone(spouse, 'mobile', rng.chance(0.3) ? 'express' : 'none');
      if (rng.chance(0.5)) addPhone(spouse, 'work', 'none');
    }
    // Chinese lenders collect one or two emergency contacts at origination; US files have fewer.
    const contacts = kit.region === 'CN' ? rng.weighted([[1, 60], [2, 40]]) : rng.weighted([[0, 50], [1, 50]]);
    for (let i = 0; i < contacts; i++) {
      const relation = rng.weighted<Relation>(kit.region === 'CN'
        ? [['emergency_contact', 45], ['relative', 35], ['employer', 20]]
        : [['relative', 40], ['employer', 35], ['emergency_contact', 25]]);
      const name = relation === 'employer' ? kit.company() : kit.person(relation === 'relative' ? debtor.family : undefined).name;
      const party = addParty('third_party', relation, name);
      addPhone(party, relation === 'employer' ? 'work' : 'mobile', 'none');
    }

    // The first two accounts pin the ends of the dpd range so every seed covers -3..360.
    const pinned = kit.region === 'CN' && index < 2 ? [-3, 360][index] : undefined;
    const first = pinned ?? drawDpd();
    const dpds = [first, ...Array.from({ length: rng.weighted([[0, 70], [1, 22], [2, 8]]) }, () => rng.int(-3, Math.max(first, -3)))];
    const debts = dpds.map((dpd) => this.debt(kit, accountId, dpd));

    const ref = `${kit.refPrefix}-${String(100_001 + index)}`;
    return {
      kit, place, debtor, maxDpd: Math.max(...dpds),
      bundle: {
        account: {
          id: accountId, ref, region: kit.region, currency: kit.currency, debtorName: debtor.name, address: place.address,
          province: place.province, postalCode: place.postalCode, timeZone: place.timeZone, assignedTo: null, teamId: null,
        },
        debts, parties, phones, holds: [], history: [],
      },
    };
  }

  private debt(kit: RegionKit, accountId: string, dpd: number): Debt {
    const lender = rng.pick(kit.lenders);
    const product = rng.pick(lender.products);
    const principalMinor = rng.int(product.min / 100, product.max / 100) * 100 * 100;
    const outstanding = Math.round(principalMinor * rng.int(dpd <= 0 ? 30 : 40, 100) / 100);
    const feesMinor = dpd > 0 ? Math.round(principalMinor * kit.feeRatePerDay * dpd) : 0;
    return {
      id: rng.uuid(), accountId, lender: lender.name, product: product.name, principalMinor, feesMinor,
      balanceMinor: outstanding + feesMinor, dueDate: isoDate(this.todayMs - dpd * DAY), stage: stageFor(dpd),
    };
  }

  // Demo numbers are unique across the portfolio so a number always means one phone.
  private uniqueNumber(make: () => { number: string; timeZone: string }) {
    let phone = make();
    for (let tries = 0; this.usedNumbers.has(phone.number) && tries < 50; tries++) phone = make();
    this.usedNumbers.add(phone.number);
    return phone;
  }

  // Home visits go to East China accounts well past due, Shanghai first.
  private pickFieldAccounts(cn: readonly Draft[]): Set<string> {
    const near = ['上海市', '江苏省', '浙江省'];
    const candidates = cn
      .filter((d) => d.maxDpd > 30 && near.includes(d.place.province))
      .sort((a, b) => near.indexOf(a.place.province) - near.indexOf(b.place.province));
    return new Set(candidates.slice(0, FIELD_ACCOUNTS).map((d) => d.bundle.account.id));
  }

  private history(d: Draft, agent: string, field: boolean): HistoryEntry[] {
    const { kit, bundle } = d;
    const accountId = bundle.account.id;
    const nowMs = this.now.getTime();
    const balance = bundle.debts.reduce((sum, debt) => sum + debt.balanceMinor, 0);
    const lender = bundle.debts[0]!.lender;
    const count = d.maxDpd <= 0 ? rng.int(0, 2) : rng.int(0, Math.min(8, 2 + Math.ceil(d.maxDpd / 20)));
    const start = Math.max(nowMs - 200 * DAY, this.todayMs - (Math.max(d.maxDpd, 0) + 5) * DAY);
    const times = Array.from({ length: count }, () => rng.int(start, nowMs - 3_600_000)).sort((a, b) => a - b);
    const unit = 100; // round money to whole yuan/dollars
    const part = (share: number) => Math.max(unit, Math.round((balance * share) / unit) * unit);

    return times.map((ms): HistoryEntry => {
      const kind = d.maxDpd <= 0
        ? rng.weighted<HistoryKind>([['sms', 60], ['call', 40]])
        : rng.weighted<HistoryKind>([['call', 50], ['sms', 15], ['promise', 12], ['payment', 8], ['letter', 5], ['note', 5], ...(field ? [['visit', 15] as [HistoryKind, number]] : [])]);
      const entry: HistoryEntry = { id: rng.uuid(), accountId, at: isoTime(ms), kind, actor: agent, result: '', amountMinor: null, dueDate: null, note: '' };
      switch (kind) {
        case 'call': {
          const result = rng.weighted<CallResult>([['answered', 40], ['no_answer', 35], ['busy', 10], ['voicemail', 15]]);
          return { ...entry, result, note: rng.pick(kit.text.call[result]) };
        }
        case 'sms':
          return { ...entry, actor: d.maxDpd <= 0 ? lender : agent, result: 'sent', note: kit.text.sms };
        case 'payment':
          return { ...entry, actor: lender, result: 'received', amountMinor: part(rng.pick([0.05, 0.1, 0.2, 0.3])), note: kit.text.payment };
        case 'promise': {
          const dueMs = ms + rng.int(3, 14) * DAY;
          const result = dueMs >= this.todayMs ? 'pending' : rng.chance(0.4) ? 'kept' : 'broken';
          return { ...entry, result, amountMinor: part(rng.pick([0.1, 0.2, 0.5, 1])), dueDate: isoDate(dueMs), note: kit.text.promise };
        }
        case 'visit': {
          const met = rng.chance(0.5);
          return { ...entry, result: met ? 'met' : 'not_home', note: met ? kit.text.visit.met : kit.text.visit.not_home };
        }
        case 'letter':
          return { ...entry, actor: lender, result: 'sent', note: kit.text.letter };
        default:
          return { ...entry, kind: 'note', result: 'noted', note: rng.pick(kit.text.notes) };
      }
    });
  }

  private placeHolds(drafts: readonly Draft[], plan: readonly HoldPlan[]): void {
    const chosen = rng.shuffle(drafts);
    let next = 0;
    for (const { kind, count, lifted } of plan) {
      for (let i = 0; i < count; i++) this.addHold(chosen[next++]!, kind, lifted ?? false);
    }
  }

  private addHold(d: Draft, kind: HoldKind, lifted: boolean): void {
    const { bundle, kit } = d;
    const nowMs = this.now.getTime();
    const effectiveMs = nowMs - rng.int(lifted ? 30 : 1, lifted ? 90 : 60) * DAY;
    const hold: Hold = {
      id: rng.uuid(), accountId: bundle.account.id, partyId: null, phoneId: null, kind, note: '',
      effectiveAt: isoTime(effectiveMs), liftedAt: lifted ? isoTime(effectiveMs + rng.int(5, 25) * DAY) : null,
    };
    const debtor = bundle.parties[0]!;
    switch (kind) {
      case 'do_not_call': {
        // A wrong number: one of the non-primary phones, often a third party's.
        const phone = rng.pick(bundle.phones.slice(1));
        Object.assign(hold, { partyId: phone.partyId, phoneId: phone.id, note: kit.text.holds.do_not_call });
        break;
      }
      case 'attorney':
        hold.note = kit.text.attorney();
        break;
      case 'deceased':
        Object.assign(hold, { partyId: debtor.id, note: kit.text.holds.deceased });
        break;
      default:
        hold.note = lifted ? kit.text.holds.liftedDispute : kit.text.holds[kind as keyof typeof kit.text.holds];
    }
    bundle.holds.push(hold);
  }
}

interface HoldPlan { kind: HoldKind; count: number; lifted?: boolean }

// About 8% of each region's accounts. China has no general personal bankruptcy, so only US
// accounts carry that hold.
const CN_HOLDS: readonly HoldPlan[] = [
  { kind: 'do_not_call', count: 8 }, { kind: 'dispute', count: 6 }, { kind: 'cease', count: 5 },
  { kind: 'attorney', count: 4 }, { kind: 'deceased', count: 1 }, { kind: 'dispute', count: 2, lifted: true },
];
const US_HOLDS: readonly HoldPlan[] = [
  { kind: 'do_not_call', count: 7 }, { kind: 'dispute', count: 5 }, { kind: 'cease', count: 4 },
  { kind: 'attorney', count: 4 }, { kind: 'bankruptcy', count: 4 }, { kind: 'deceased', count: 1 },
  { kind: 'dispute', count: 1, lifted: true },
];

/** The demo portfolio for `now`. Call reseed() first; do not await in between. */
export function buildDemoPortfolio(now: Date, agents: DemoAgents): AccountBundle[] {
  return new Builder(now, agents).build();
}
