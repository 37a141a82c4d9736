// The demo organisation: two teams, five users (password demo1234) and a mixed Chinese/US
// portfolio. Deterministic for a given `now`; prints nothing.
import type { Region } from '../../shared/domain/portfolio';
import { DEFAULT_LADDER_TEMPLATES } from '../../shared/ladder/defaults';
import { importTemplates } from '../../shared/messaging/templates';
import { importTalkTrack } from '../../shared/talktrack';
import { DEMO_TRACK_INPUTS } from '../../shared/talktrack/demo';
import type { Role } from '../../shared/domain/users';
import { hashPassword } from '../auth/password';
import type { ServerStore } from '../store/store';
import { demoIdentities } from './identity';
import { buildDemoPortfolio } from './portfolio';
import { reseed, rng } from './random';

export const DEMO_PASSWORD = 'demo1234';

/** Visits on the demo field agent's route for the day of the seed. */
export const DEMO_ROUTE_LENGTH = 6;

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export const DEMO_TEAMS = { cn: '华东一组', us: 'US East' } as const;

export const DEMO_USERS = [
  { username: 'collector1', displayName: '李娜', role: 'collector', team: 'cn' },
  { username: 'collector2', displayName: 'Maria Lopez', role: 'collector', team: 'us' },
  { username: 'lead', displayName: '王强 (Wang Qiang)', role: 'team_lead', team: 'cn' },
  { username: 'field', displayName: '张伟', role: 'field_agent', team: 'cn' },
  { username: 'admin', displayName: 'Administrator', role: 'admin', team: null },
] as const satisfies readonly { username: string; displayName: string; role: Role; team: 'cn' | 'us' | null }[];

export interface SeedCounts {
  teams: number;
  users: number;
  accounts: number;
  byRegion: Record<Region, number>;
  debts: number;
  parties: number;
  phones: number;
  holds: number;
  history: number;
  talkTracks: number;
  /** Message templates imported (the default stage ladder's texts). */
  messageTemplates: number;
  /** Accounts with a date of birth / an ID or SSN last-4 on file. */
  identities: { dateOfBirth: number; last4: number };
}

export async function seedDemo(store: ServerStore, { now }: { now: Date }): Promise<SeedCounts> {
  // Generate everything first, synchronously, so nothing else can draw from faker meanwhile.
  reseed();
  const teamIds = { cn: rng.uuid(), us: rng.uuid() };
  const userIds = Object.fromEntries(DEMO_USERS.map((u) => [u.username, rng.uuid()])) as Record<(typeof DEMO_USERS)[number]['username'], string>;
  const bundles = buildDemoPortfolio(now, {
    cnTeamId: teamIds.cn,
    usTeamId: teamIds.us,
    collectorCn: { id: userIds.collector1, name: '李娜' },
    collectorUs: { id: userIds.collector2, name: 'Maria Lopez' },
    field: { id: userIds.field, name: '张伟' },
  });
  const identities = demoIdentities(bundles, now);

  const at = now.toISOString();
  // Every demo user has the same published password, so one hash (with one salt) serves them
  // all, made once per process: at today's parameters a hash takes about 0.4 s of CPU and 128 MiB,
  // and tests and benches seed the demo dozens of times. Real users each get their own.
  const hash = await demoPasswordHash();
  await store.createTeam({ id: teamIds.cn, name: DEMO_TEAMS.cn }, at);
  await store.createTeam({ id: teamIds.us, name: DEMO_TEAMS.us }, at);
  for (const u of DEMO_USERS) {
    await store.createUser({
      id: userIds[u.username], username: u.username, displayName: u.displayName, role: u.role,
      teamId: u.team ? teamIds[u.team] : null, passwordHash: hash,
    }, at);
  }
  await store.addTeamLead(userIds.lead, teamIds.cn);
  await store.addTeamLead(userIds.lead, teamIds.us);
  await store.insertAccounts(bundles, at);
  await store.identity.setIdentities(identities.facts, at, (id) => identities.salts.get(id)!);
  // Today's route for the field agent (their day in Beijing): their accounts, city by city.
  const visits = bundles.filter((b) => b.account.assignedTo === userIds.field)
    .sort((a, b) => a.account.address.localeCompare(b.account.address, 'zh-CN'))
    .slice(0, DEMO_ROUTE_LENGTH);
  await store.setRoute(userIds.field, localDate(now, 'Asia/Shanghai'), visits.map((b) => b.account.id), at);
  // The demo talk tracks become the central store's first versions, as an import would.
  for (const input of DEMO_TRACK_INPUTS) {
    const result = importTalkTrack(input);
    if (!result.ok) throw new Error(`demo track ${input.id}: ${result.errors.map((e) => e.message).join('; ')}`);
    await store.addTalkTrack(result.track, input, at);
  }
  // The default stage ladder's texts, as an administrator's template import would add them: without
  // them every text the ladder sends on the demo fails for want of its template.
  const templates = importTemplates(DEFAULT_LADDER_TEMPLATES);
  if (!templates.ok) throw new Error(`ladder templates: ${templates.errors.map((e) => e.message).join('; ')}`);
  await store.messaging.addTemplates(templates.templates, at);

  const sum = (pick: (b: (typeof bundles)[number]) => readonly unknown[]) => bundles.reduce((n, b) => n + pick(b).length, 0);
  return {
    teams: 2,
    users: DEMO_USERS.length,
    accounts: bundles.length,
    byRegion: {
      CN: bundles.filter((b) => b.account.region === 'CN').length,
      US: bundles.filter((b) => b.account.region === 'US').length,
    },
    debts: sum((b) => b.debts),
    parties: sum((b) => b.parties),
    phones: sum((b) => b.phones),
    holds: sum((b) => b.holds),
    history: sum((b) => b.history),
    talkTracks: DEMO_TRACK_INPUTS.length,
    messageTemplates: templates.templates.length,
    identities: {
      dateOfBirth: identities.facts.filter((i) => i.dateOfBirth !== null).length,
      last4: identities.facts.filter((i) => (i.idLast4 ?? i.ssnLast4) !== null).length,
    },
  };
}

let demoHash: Promise<string> | null = null;
function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}
