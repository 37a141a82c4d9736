// The stage ladder on the central server (docs/ladder.md): each account's day as the policy
// plans it (shared/ladder/plan.ts), carried out once, and the same plan for a day ahead as the
// lead's preview. Texts and emails go through the messaging service, so the same gate decides
// (quiet hours at every place, holds, caps, opt-outs) and a refusal is recorded as a refused
// message with its rules, never sent. Letters are issued as an agent's are (server/letters/issue.ts).
import { v5 as uuidv5 } from 'uuid';
import { ApiError } from '../../shared/api/errors';
import { dayToIsoDate, isoDateToDay, localDay, localParts, localToInstant } from '../../shared/compliance/time';
import type { AccountBundle, HoldKind, Region } from '../../shared/domain/portfolio';
import type { User } from '../../shared/domain/users';
import { DEFAULT_POLICIES } from '../../shared/ladder/defaults';
import { type DayTreatment, type MissedReason, daysToWork, planDays } from '../../shared/ladder/catch-up';
import { type DayPlan, planDay } from '../../shared/ladder/plan';
import type { LadderAction, LadderPolicy, LadderTreatment } from '../../shared/ladder/policy';
import type { LadderPreview, PlannedTreatment, PreviewItem, Refusal, StageHistory } from '../../shared/ladder/protocol';
import { DEFAULT_ORGANISATION, type Organisation } from '../messaging/facts';
import { MessagingService } from '../messaging/service';
import { issueLetter, letterRefusalOf } from '../letters/issue';
import type { LadderAccount } from '../store/ladder-store';
import type { ServerStore, Viewer } from '../store/store';

/** Message and letter request ids are derived from (account, day, rule): a retry after a crash asks for the same one. */
const REQUEST_NS = '0b9c7f3e-4d51-5a8e-9b1f-6c2a7d4e8f10';

/** Holds under which the ladder assigns no call or visit (the console's gate would refuse the contact anyway). */
const CONTACT_STOPPING: readonly HoldKind[] = ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased'];

export interface RunSummary { accounts: number; moves: number; done: number; refused: number; failed: number; missed: number; skipped: number }

export class LadderService {
  constructor(
    private readonly store: ServerStore,
    private readonly messaging: MessagingService,
    private readonly now: () => Date,
    private readonly org: Organisation = DEFAULT_ORGANISATION,
  ) {}

  /** The policy in force for each region: the newest imported, else the default shipped. */
  async policies(): Promise<Record<Region, LadderPolicy>> {
    const imported = await this.store.ladder.policiesInForce();
    const fallback = (r: Region) => DEFAULT_POLICIES.find((p) => p.region === r)!;
    return { CN: imported.CN ?? fallback('CN'), US: imported.US ?? fallback('US') };
  }

  /** The user texts and letters are recorded under: the ladder, signing as the institution. */
  private actor(region: Region): User {
    return { id: 'ladder', username: 'ladder', displayName: this.org.institution[region], role: 'admin', teamId: null };
  }

  /**
   * One pass: every account whose day has come at its address (its policy's hour) and whose day's
   * work is not done gets its move and treatments, and days no pass worked (the server was down)
   * are caught up within CATCH_UP_DAYS (shared/ladder/catch-up.ts). Safe to run as often as wanted:
   * a move is made once, a treatment claimed once per account, day and rule.
   */
  async run(): Promise<RunSummary> {
    const at = this.now();
    const policies = await this.policies();
    const previous = await this.store.ladder.lastPass();
    const sum: RunSummary = { accounts: 0, moves: 0, done: 0, refused: 0, failed: 0, missed: 0, skipped: 0 };
    for (const account of await this.store.ladder.accounts()) {
      const policy = policies[account.region];
      const today = localParts(at.getTime(), account.timeZone).day;
      const days = daysToWork(lastDueDay(at.getTime(), policy, account.timeZone), today, previous === null ? null : lastDueDay(previous, policy, account.timeZone));
      if (days.length === 0) continue;
      const dates = days.map(dayToIsoDate);
      const worked = dates.at(-1)!;
      const plan = planDays(policy, account, dates);
      if (!plan.move && plan.treatments.length === 0) continue;
      sum.accounts++;
      if (plan.move && await this.store.ladder.move(account.id, plan.move, `${policy.id}@${policy.version}`, worked, at.toISOString())) sum.moves++;
      for (const t of plan.treatments) {
        const outcome = await this.treat(account, t, worked);
        sum[outcome]++;
      }
    }
    await this.store.ladder.passed(at.getTime());
    return sum;
  }

  /** Claims the treatment under the day that planned it, then does it (on `worked`, late when that is another day) or records why not. */
  private async treat(account: LadderAccount, { date, treatment: t, missed }: DayTreatment, worked: string): Promise<'done' | 'refused' | 'failed' | 'missed' | 'skipped'> {
    const claimed = await this.store.ladder.claim(account.id, date, t.id, t.action.kind, this.now().toISOString());
    if (!claimed) return 'skipped';
    if (missed) {
      await this.store.ladder.finish(claimed, 'missed', { refusals: [missedRefusal(missed)] }, this.now().toISOString());
      return 'missed';
    }
    let status: 'done' | 'refused' | 'failed';
    let detail: Record<string, unknown>;
    try {
      ({ status, detail } = await this.carryOut(account, t.action, requestId(account.id, date, t.id)));
    } catch (err) {
      status = 'failed';
      detail = { error: err instanceof Error ? err.message : String(err) };
    }
    if (date !== worked) detail = { ...detail, lateOn: worked };
    await this.store.ladder.finish(claimed, status, detail, this.now().toISOString());
    return status;
  }

  private async carryOut(account: LadderAccount, action: LadderAction, reqId: string): Promise<{ status: 'done' | 'refused'; detail: Record<string, unknown> }> {
    const bundle = (await this.store.getAccount(account.id))!;
    const at = this.now();
    switch (action.kind) {
      case 'sms':
      case 'email': {
        const to = await this.recipient(bundle, action.kind);
        if ('refusal' in to) return { status: 'refused', detail: { refusals: [to.refusal] } };
        const m = await this.messaging.send(this.actor(account.region), { requestId: reqId, accountId: account.id, templateId: action.templateId, to: to.to });
        if (m.status === 'refused') return { status: 'refused', detail: { messageId: m.id, refusals: refusalsOf(m.decision.reasons) } };
        return { status: 'done', detail: { messageId: m.id, status: m.status } };
      }
      case 'letter': {
        const known = await this.store.messaging.letters.byRequest(reqId);
        if (known) return { status: 'done', detail: { letterId: known.id } };
        const r = await issueLetter(this.store, bundle, { requestId: reqId, type: action.letter, language: action.language, userId: 'ladder' }, at, this.org);
        return 'refusal' in r ? { status: 'refused', detail: { refusals: [r.refusal] } } : { status: 'done', detail: { letterId: r.letter.id } };
      }
      case 'call': {
        const stop = contactHold(bundle, at);
        if (stop) return { status: 'refused', detail: { refusals: [stop] } };
        if (bundle.account.assignedTo) return { status: 'done', detail: { assignedTo: bundle.account.assignedTo } };
        const collector = bundle.account.teamId ? await this.store.ladder.leastLoadedCollector(bundle.account.teamId) : null;
        if (!collector) return { status: 'refused', detail: { refusals: [{ rule: 'ladder.no_collector', message: 'The account’s team has no collector to call it' }] } };
        await this.store.assignAccount(account.id, { assignedTo: collector, teamId: bundle.account.teamId }, at.toISOString());
        return { status: 'done', detail: { assignedTo: collector } };
      }
      case 'visit': {
        const stop = contactHold(bundle, at);
        if (stop) return { status: 'refused', detail: { refusals: [stop] } };
        const agent = bundle.account.teamId ? await this.store.ladder.fieldAgent(bundle.account.teamId) : null;
        if (!agent) return { status: 'refused', detail: { refusals: [{ rule: 'ladder.no_field_agent', message: 'The account’s team has no field agent to visit it' }] } };
        // The visit goes on the agent's route for the day at the debtor's address, after what is already on it.
        const day = dayToIsoDate(localDay(at.getTime(), bundle.account.timeZone));
        const route = (await this.store.listRoutes(agent)).find((r) => r.date === day);
        const ids = route?.accountIds ?? [];
        if (!ids.includes(account.id)) await this.store.setRoute(agent, day, [...ids, account.id], at.toISOString());
        return { status: 'done', detail: { fieldAgent: agent, routeDate: day } };
      }
      case 'placement': {
        // Without a team the placement is recorded by the agency's name only (the shipped defaults).
        if (!action.team) return { status: 'done', detail: { agency: action.agency } };
        const placed = await this.store.ladder.agencies.place(account.id, action.team, 'ladder', at.toISOString());
        const current = placed ?? await this.store.ladder.agencies.placementOf(account.id);
        return { status: 'done', detail: { agency: action.agency, team: action.team, assignedTo: current?.assignedTo ?? null } };
      }
      case 'legal_referral':
        return { status: 'done', detail: {} };
    }
  }

  /** The debtor's first mobile (texts) or email address on file; a refusal when there is none. */
  private async recipient(bundle: AccountBundle, channel: 'sms' | 'email'): Promise<{ to: { channel: 'sms'; phoneId: string } | { channel: 'email'; emailId: string } } | { refusal: Refusal }> {
    const debtor = bundle.parties.find((p) => p.kind === 'debtor');
    if (channel === 'sms') {
      const phone = bundle.phones.find((p) => p.partyId === debtor?.id && p.type === 'mobile');
      return phone ? { to: { channel: 'sms', phoneId: phone.id } } : { refusal: { rule: 'ladder.no_mobile', message: 'The debtor has no mobile number on file' } };
    }
    const email = (await this.store.messaging.emailsOf([bundle.account.id])).find((e) => e.partyId === debtor?.id);
    return email ? { to: { channel: 'email', emailId: email.id } } : { refusal: { rule: 'ladder.no_email', message: 'The debtor has no email address on file' } };
  }

  // Preview -----------------------------------------------------------------------------------------

  /**
   * What the ladder will do on `date` for the accounts of the viewer's teams: each move and
   * treatment with the rule behind it, and what the gate would refuse, asked as of the hour the
   * ladder runs at each account's address that day. Nothing is recorded or sent.
   */
  async preview(viewer: Viewer, query: { date?: string; teamId?: string }): Promise<LadderPreview> {
    if (viewer.role !== 'team_lead' && viewer.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only team leads and administrators see the ladder’s plan');
    const teams = await this.store.ladder.teamsOf(viewer);
    if (query.teamId && !teams.some((t) => t.id === query.teamId)) throw new ApiError('FORBIDDEN', `Team ${query.teamId} is not one you lead`);
    const now = this.now();
    const date = query.date ?? dayToIsoDate(localDay(now.getTime(), 'UTC') + 1);
    const scope = query.teamId ? [query.teamId] : viewer.role === 'admin' ? undefined : teams.map((t) => t.id);
    const policies = await this.policies();
    const accounts = await this.store.ladder.accounts(scope);
    const claimed = await this.store.ladder.claimedOn(date, accounts.map((a) => a.id));
    const items: PreviewItem[] = [];
    for (const account of accounts) {
      const policy = policies[account.region];
      const plan = planDay(policy, account, date);
      const treatments = plan.treatments.filter((t) => !claimed.has(`${account.id}/${t.id}`));
      if (!plan.move && treatments.length === 0) continue;
      const at = new Date(localToInstant(isoDateToDay(date), policy.runFromHour * 60, account.timeZone, 'latest'));
      items.push(await this.previewItem(account, policy, plan, treatments, at));
    }
    return { date, generatedAt: now.toISOString(), teams, items };
  }

  private async previewItem(account: LadderAccount, policy: LadderPolicy, plan: DayPlan, treatments: LadderTreatment[], at: Date): Promise<PreviewItem> {
    const bundle = (await this.store.getAccount(account.id))!;
    const planned: PlannedTreatment[] = [];
    for (const t of treatments) planned.push({ rule: t.id, kind: t.action.kind, detail: detailOf(t.action), refusals: await this.wouldRefuse(bundle, t.action, at) });
    return {
      accountId: account.id, ref: account.ref, debtorName: account.debtorName, region: account.region, teamId: account.teamId,
      dpd: plan.dpd!, tier: plan.tier!, policy: `${policy.id}@${policy.version}`, stage: account.stageId,
      move: plan.move, treatments: planned,
    };
  }

  private async wouldRefuse(bundle: AccountBundle, action: LadderAction, at: Date): Promise<Refusal[]> {
    switch (action.kind) {
      case 'sms':
      case 'email': {
        const to = await this.recipient(bundle, action.kind);
        if ('refusal' in to) return [to.refusal];
        try {
          // A service of its own on the preview's clock: the gate answers as of the hour the ladder will run.
          const then = new MessagingService(this.store, {}, () => at, this.org);
          const p = await then.preview(this.actor(bundle.account.region), { accountId: bundle.account.id, templateId: action.templateId, to: to.to });
          return p.decision.decision === 'block' ? refusalsOf(p.decision.reasons) : [];
        } catch (err) {
          return [{ rule: err instanceof ApiError && err.code === 'NOT_FOUND' ? 'ladder.no_template' : 'ladder.error', message: err instanceof Error ? err.message : String(err) }];
        }
      }
      case 'letter': {
        const refusal = letterRefusalOf(bundle, action.letter, action.language, at);
        return refusal ? [refusal] : [];
      }
      case 'call':
      case 'visit': {
        const stop = contactHold(bundle, at);
        return stop ? [stop] : [];
      }
      default:
        return [];
    }
  }

  // History -----------------------------------------------------------------------------------------

  async history(viewer: Viewer, accountId: string): Promise<StageHistory> {
    if (!(await this.store.messaging.canSee(viewer, accountId))) throw new ApiError('FORBIDDEN', `Account ${accountId} is not yours to see`);
    return { accountId, stage: await this.store.ladder.stageOf(accountId), moves: await this.store.ladder.moves(accountId), actions: await this.store.ladder.actions(accountId) };
  }
}

/** The last day of the account's whose policy hour had come at `ms`, as a day number. */
function lastDueDay(ms: number, policy: LadderPolicy, timeZone: string): number {
  const local = localParts(ms, timeZone);
  return local.minuteOfDay >= policy.runFromHour * 60 ? local.day : local.day - 1;
}

function missedRefusal(m: MissedReason): Refusal {
  switch (m.rule) {
    case 'ladder.missed_superseded': return { rule: m.rule, message: `Missed; done once for the days missed, on ${m.date}`, params: { date: m.date } };
    case 'ladder.missed_due_passed': return { rule: m.rule, message: 'Missed, and the due date has passed since: a reminder before it is not sent late', params: {} };
    case 'ladder.missed_left_stage': return { rule: m.rule, message: `Missed, and the account has left the stage ${m.stage} since`, params: { stage: m.stage } };
  }
}

function requestId(accountId: string, date: string, rule: string): string {
  return uuidv5(`${accountId}/${date}/${rule}`, REQUEST_NS);
}

function refusalsOf(reasons: readonly { rule: string; severity: string; source: string; messageKey: string; params: Record<string, string | number> }[]): Refusal[] {
  return reasons.filter((r) => r.severity === 'block').map((r) => ({
    rule: r.rule, message: r.source ? `${r.messageKey} (${r.source})` : r.messageKey, messageKey: r.messageKey, params: r.params, source: r.source,
  }));
}

function detailOf(a: LadderAction): string {
  switch (a.kind) {
    case 'sms':
    case 'email': return a.templateId;
    case 'letter': return `${a.letter} (${a.language})`;
    case 'placement': return a.agency;
    default: return '';
  }
}

/** An account-level hold in force that stops calls and visits. */
function contactHold(bundle: AccountBundle, at: Date): Refusal | null {
  const t = at.getTime();
  const h = bundle.holds.find((x) => CONTACT_STOPPING.includes(x.kind) && x.partyId === null && x.phoneId === null
    && Date.parse(x.effectiveAt) <= t && (x.liftedAt === null || Date.parse(x.liftedAt) > t));
  return h ? { rule: `hold.${h.kind}`, message: `A ${h.kind} hold since ${h.effectiveAt}`, params: { kind: h.kind, since: h.effectiveAt } } : null;
}
