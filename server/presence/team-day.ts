// An agent's team for one local day, for the agent's own "My day" beside their figures: the
// team's collectors and field agents counted as the board counts them (figures.ts), totals only.
import { DAY, dayToIsoDate, isoUtc, localDay, startOfLocalDay } from '../../shared/compliance/time';
import type { User } from '../../shared/domain/users';
import type { TeamDayResponse } from '../../shared/queue/my-day';
import type { BoardEventRow, ServerStore } from '../store/store';
import { agentFigures, sumFigures } from './figures';

const FIGURE_EVENT_TYPES = ['call.attempt', 'call.outcome', 'visit.outcome'] as const;

export async function teamDay(store: ServerStore, viewer: User, tz: string, now: Date): Promise<TeamDayResponse> {
  const day = localDay(now.getTime(), tz);
  const date = dayToIsoDate(day);
  if (!viewer.teamId) return { date, team: null };
  const from = startOfLocalDay(day, tz);
  const to = startOfLocalDay(day + 1, tz);
  const members = (await store.colleagues()).filter((c) => c.teamId === viewer.teamId && (c.role === 'collector' || c.role === 'field_agent'));
  if (members.length === 0) return { date, team: null };
  const rows = await store.boardEvents(members.map((m) => m.id), FIGURE_EVENT_TYPES, isoUtc(from - DAY), isoUtc(to + DAY));
  const byAgent = new Map<string, BoardEventRow[]>();
  for (const row of rows) byAgent.set(row.userId, [...(byAgent.get(row.userId) ?? []), row]);
  const sum = sumFigures(members.map((m) => agentFigures(byAgent.get(m.id) ?? [], from, to, tz)));
  return {
    date,
    team: {
      agents: members.length, attempts: sum.attempts, rightPartyContacts: sum.rightPartyContacts,
      promises: sum.promises, promisedMinor: sum.promisedMinor, talkMs: sum.talkMs,
    },
  };
}
