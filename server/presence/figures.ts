// The board's figures for one local day, per agent and per team, from the pushed events (and
// the state times stored per agent). Definitions are in docs/presence.md "Figures".
import { DAY, isoDateToDay, isoUtc, localDay, localParts, startOfLocalDay, dayToIsoDate } from '../../shared/compliance/time';
import type { User } from '../../shared/domain/users';
import {
  type AgentFigures, type BoardFiguresQuery, type BoardFiguresResponse, type Figures, PRESENCE_STATES, RIGHT_PARTY_OUTCOMES, type TeamFigures,
} from '../../shared/presence/protocol';
import type { BoardEventRow, ServerStore } from '../store/store';
import type { PresenceHub } from './hub';
import { zeroStateMs } from './state-time';

const FIGURE_EVENT_TYPES = ['call.attempt', 'call.outcome', 'visit.outcome'] as const;
const RIGHT_PARTY = new Set(RIGHT_PARTY_OUTCOMES);

interface AttemptBody {
  type: 'call.attempt'; callId: string; direction: 'outbound' | 'inbound'; result: string;
  startedAt: string; answeredAt: string | null; endedAt: string;
}
interface OutcomeBody {
  type: 'call.outcome' | 'visit.outcome'; callId?: string | null; outcome: string;
  promise: { amountMinor: number } | null; plan: { totalMinor: number } | null;
}

export function emptyFigures(): Figures {
  return {
    attempts: 0, connects: 0, rightPartyContacts: 0, promises: 0, promisedMinor: {}, plans: 0, planMinor: {},
    talkMs: 0, handled: 0, handleMs: 0, averageHandleMs: null,
    hourly: { attempts: Array<number>(24).fill(0), connects: Array<number>(24).fill(0) },
    stateMs: zeroStateMs(),
  };
}

const addMoney = (into: Record<string, number>, currency: string | null, minor: number) => {
  const key = currency ?? 'unknown';
  into[key] = (into[key] ?? 0) + minor;
};

/** One agent's figures for [from, to) from their events (fetched over a padded window). */
export function agentFigures(rows: readonly BoardEventRow[], from: number, to: number, tz: string): Figures {
  const f = emptyFigures();
  const inDay = (ms: number) => ms >= from && ms < to;
  // The wrap-up that closed each call: its device time ends the call's handling.
  const closedAt = new Map<string, number>();
  const attempts: AttemptBody[] = [];
  for (const row of rows) {
    let body: AttemptBody | OutcomeBody;
    try {
      body = JSON.parse(row.body) as AttemptBody | OutcomeBody;
    } catch {
      continue;
    }
    if (body.type === 'call.attempt') {
      attempts.push(body);
      continue;
    }
    const at = Date.parse(row.deviceTime);
    if (body.type === 'call.outcome' && body.callId) {
      const known = closedAt.get(body.callId);
      if (known === undefined || at < known) closedAt.set(body.callId, at);
    }
    if (!inDay(at)) continue;
    if (body.type === 'call.outcome' && RIGHT_PARTY.has(body.outcome)) f.rightPartyContacts++;
    if (body.promise) { f.promises++; addMoney(f.promisedMinor, row.currency, body.promise.amountMinor); }
    if (body.plan) { f.plans++; addMoney(f.planMinor, row.currency, body.plan.totalMinor); }
  }
  for (const a of attempts) {
    const started = Date.parse(a.startedAt);
    if (!inDay(started)) continue;
    const hour = Math.floor(localParts(started, tz).minuteOfDay / 60);
    const answered = a.result === 'answered';
    if (a.direction === 'outbound') {
      f.attempts++;
      f.hourly.attempts[hour]!++;
      if (answered) { f.connects++; f.hourly.connects[hour]!++; }
    }
    if (!answered || a.answeredAt === null) continue;
    const ended = Date.parse(a.endedAt);
    const talk = Math.max(0, ended - Date.parse(a.answeredAt));
    f.talkMs += talk;
    const closed = closedAt.get(a.callId);
    if (closed !== undefined) {
      f.handled++;
      f.handleMs += talk + Math.max(0, closed - ended);
    }
  }
  f.averageHandleMs = f.handled > 0 ? Math.round(f.handleMs / f.handled) : null;
  return f;
}

export function sumFigures(parts: readonly Figures[]): Figures {
  const total = emptyFigures();
  for (const p of parts) {
    total.attempts += p.attempts;
    total.connects += p.connects;
    total.rightPartyContacts += p.rightPartyContacts;
    total.promises += p.promises;
    total.plans += p.plans;
    total.talkMs += p.talkMs;
    total.handled += p.handled;
    total.handleMs += p.handleMs;
    for (const [c, v] of Object.entries(p.promisedMinor)) addMoney(total.promisedMinor, c, v);
    for (const [c, v] of Object.entries(p.planMinor)) addMoney(total.planMinor, c, v);
    for (let h = 0; h < 24; h++) {
      total.hourly.attempts[h]! += p.hourly.attempts[h]!;
      total.hourly.connects[h]! += p.hourly.connects[h]!;
    }
    for (const s of PRESENCE_STATES) total.stateMs[s] += p.stateMs[s];
  }
  total.averageHandleMs = total.handled > 0 ? Math.round(total.handleMs / total.handled) : null;
  return total;
}

export async function boardFigures(store: ServerStore, hub: PresenceHub, viewer: User, query: BoardFiguresQuery, now: Date): Promise<BoardFiguresResponse> {
  const { tz } = query;
  const date = query.date ?? dayToIsoDate(localDay(now.getTime(), tz));
  const day = isoDateToDay(date);
  const from = startOfLocalDay(day, tz);
  const to = startOfLocalDay(day + 1, tz);
  const roster = await store.boardRoster(viewer);
  // Device times carry their own offsets (at most ±14 h) and a call is logged after it starts,
  // so the text window is a day wider each side; the exact instants are checked here.
  const rows = await store.boardEvents(roster.agents.map((a) => a.id), FIGURE_EVENT_TYPES, isoUtc(from - DAY), isoUtc(to + DAY));
  const byAgent = new Map<string, BoardEventRow[]>();
  for (const row of rows) {
    const list = byAgent.get(row.userId);
    if (list) list.push(row);
    else byAgent.set(row.userId, [row]);
  }
  // State times are on presence's clock, the real one (docs/presence.md): without a date, the
  // day they are for is today on that clock, which differs from `now` only on a training clock.
  const stateTimesAt = hub.clock();
  const stateDay = query.date === undefined ? localDay(stateTimesAt, tz) : day;
  const stateMs = await hub.stateTimes(roster.agents.map((a) => a.id), startOfLocalDay(stateDay, tz), startOfLocalDay(stateDay + 1, tz));
  const agents: AgentFigures[] = roster.agents.map((a) => ({
    agentId: a.id, name: a.displayName, teamId: a.teamId,
    ...agentFigures(byAgent.get(a.id) ?? [], from, to, tz),
    stateMs: stateMs.get(a.id) ?? zeroStateMs(),
  }));
  const teams: TeamFigures[] = roster.teams.map((t) => {
    const members = agents.filter((a) => a.teamId === t.id);
    return { teamId: t.id, name: t.name, agents: members.length, ...sumFigures(members) };
  });
  const teamless = agents.filter((a) => a.teamId === null);
  if (teamless.length > 0) teams.push({ teamId: null, name: '', agents: teamless.length, ...sumFigures(teamless) });
  return {
    date, tz, from: isoUtc(from), to: isoUtc(to), generatedAt: now.toISOString(),
    rightPartyOutcomes: [...RIGHT_PARTY_OUTCOMES],
    stateTimesSince: isoUtc(hub.stateTimesSince()),
    stateTimesAt: isoUtc(stateTimesAt),
    agents, teams,
  };
}
