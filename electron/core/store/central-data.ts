// Server-owned data that arrives in the compliance and talk-track buckets (docs/sync.md):
// hold sets per account, the organisation's policy overrides per pack, and talk-track
// versions. Written only by sync; read by the gate and the call script.
import type Database from 'better-sqlite3';
import { PACKS, isPackId } from '../../../shared/compliance';
import type { Hold } from '../../../shared/domain/portfolio';
import { importTalkTrack, type TalkTrack } from '../../../shared/talktrack';

/**
 * Replaces the holds of each account present locally with the server's set, and refreshes the
 * queue summary's active holds. Accounts not here yet are skipped: they arrive whole, holds
 * included, in the assignments bucket. Returns the accounts changed.
 */
export function applyHoldSets(db: Database.Database, sets: readonly { accountId: string; holds: readonly Hold[] }[], now: Date): string[] {
  const exists = db.prepare('SELECT 1 FROM accounts WHERE id = ?').pluck();
  const clear = db.prepare('DELETE FROM holds WHERE account_id = ?');
  const insert = db.prepare(`INSERT INTO holds (id, account_id, party_id, phone_id, kind, note, effective_at, lifted_at)
    VALUES (@id, @accountId, @partyId, @phoneId, @kind, @note, @effectiveAt, @liftedAt)`);
  const summary = db.prepare('UPDATE account_summary SET active_holds = ? WHERE account_id = ?');
  const nowIso = now.toISOString();
  const changed: string[] = [];
  for (const set of sets) {
    if (!exists.get(set.accountId)) continue;
    clear.run(set.accountId);
    for (const h of set.holds) insert.run({ ...h, accountId: set.accountId });
    const active = [...new Set(set.holds.filter((h) => h.liftedAt === null && h.effectiveAt <= nowIso).map((h) => h.kind))];
    summary.run(JSON.stringify(active), set.accountId);
    changed.push(set.accountId);
  }
  return changed;
}

export function applyPolicies(db: Database.Database, policies: readonly { packId: string; overrides: unknown; version: number }[], now: Date): void {
  const upsert = db.prepare(`INSERT INTO policy (pack_id, overrides, version, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (pack_id) DO UPDATE SET overrides = excluded.overrides, version = excluded.version, received_at = excluded.received_at`);
  for (const p of policies) upsert.run(p.packId, JSON.stringify(p.overrides), p.version, now.toISOString());
}

export function removePolicies(db: Database.Database, packIds: readonly string[]): void {
  const del = db.prepare('DELETE FROM policy WHERE pack_id = ?');
  for (const id of packIds) del.run(id);
}

/** After a reset snapshot: drops every policy the server no longer has. */
export function keepPolicies(db: Database.Database, packIds: readonly string[]): void {
  const keep = new Set(packIds);
  const stored = db.prepare('SELECT pack_id FROM policy').pluck().all() as string[];
  removePolicies(db, stored.filter((id) => !keep.has(id)));
}

/** The organisation's overrides per pack (validate with shared/compliance tighten before use). */
export function readPolicy(db: Database.Database): { packId: string; overrides: unknown }[] {
  const rows = db.prepare('SELECT pack_id, overrides FROM policy ORDER BY pack_id').all() as { pack_id: string; overrides: string }[];
  return rows.map((r) => ({ packId: r.pack_id, overrides: JSON.parse(r.overrides) as unknown }));
}

export interface TalkTrackRejection { id: string; version: number; message: string }

function validate(track: unknown): { ok: true; track: TalkTrack } | { ok: false; message: string } {
  const pack = (track as { pack?: unknown } | null)?.pack;
  const result = importTalkTrack(track, typeof pack === 'string' && isPackId(pack) ? { pack: PACKS[pack] } : {});
  if (result.ok) return result;
  return { ok: false, message: result.errors.map((e) => `${e.stepId ? `step ${e.stepId}: ` : ''}${e.message}`).join('; ') };
}

/**
 * Stores each pulled talk-track version that passes importTalkTrack. An invalid one is not
 * stored (the previous version stays active) and is returned as a rejection to report.
 */
export function applyTalkTracks(db: Database.Database, tracks: readonly { id: string; version: number; track: unknown }[], now: Date): TalkTrackRejection[] {
  const upsert = db.prepare(`INSERT INTO talk_tracks (id, version, body, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (id, version) DO UPDATE SET body = excluded.body, received_at = excluded.received_at`);
  const rejected: TalkTrackRejection[] = [];
  for (const t of tracks) {
    const checked = validate(t.track);
    if (!checked.ok) { rejected.push({ id: t.id, version: t.version, message: checked.message }); continue; }
    if (checked.track.id !== t.id || checked.track.version !== t.version) {
      rejected.push({ id: t.id, version: t.version, message: `the track inside is ${checked.track.id} version ${checked.track.version}` });
      continue;
    }
    upsert.run(t.id, t.version, JSON.stringify(t.track), now.toISOString());
  }
  return rejected;
}

/** After a reset snapshot: drops every version (`id@version`) the server no longer has. */
export function keepTalkTracks(db: Database.Database, keys: readonly string[]): void {
  const keep = new Set(keys);
  const rows = db.prepare('SELECT id, version FROM talk_tracks').all() as { id: string; version: number }[];
  const del = db.prepare('DELETE FROM talk_tracks WHERE id = ? AND version = ?');
  for (const r of rows) if (!keep.has(`${r.id}@${r.version}`)) del.run(r.id, r.version);
}

/** The active talk tracks: the newest valid version of each. */
export function readTalkTracks(db: Database.Database): TalkTrack[] {
  const rows = db.prepare('SELECT id, version, body FROM talk_tracks ORDER BY id, version DESC').all() as { id: string; version: number; body: string }[];
  const active = new Map<string, TalkTrack>();
  for (const r of rows) {
    if (active.has(r.id)) continue;
    let body: unknown;
    try { body = JSON.parse(r.body); } catch { continue; }
    const checked = validate(body);
    if (checked.ok) active.set(r.id, checked.track);
  }
  return [...active.values()];
}

/** Stores pulled routes (each replaces its day). After a reset, drops every route first. */
export function applyRoutes(db: Database.Database, routes: readonly { date: string; accountIds: readonly string[]; version: number }[], reset: boolean, now: Date): void {
  if (reset) db.prepare('DELETE FROM visit_routes').run();
  const upsert = db.prepare(`INSERT INTO visit_routes (route_date, account_ids, version, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (route_date) DO UPDATE SET account_ids = excluded.account_ids, version = excluded.version, received_at = excluded.received_at`);
  for (const r of routes) upsert.run(r.date, JSON.stringify(r.accountIds), r.version, now.toISOString());
}

/** The days this console has a route for, each with its accounts in visiting order. */
export function readRoutes(db: Database.Database): { date: string; accountIds: string[] }[] {
  const rows = db.prepare('SELECT route_date, account_ids FROM visit_routes ORDER BY route_date').all() as { route_date: string; account_ids: string }[];
  return rows.map((r) => ({ date: r.route_date, accountIds: JSON.parse(r.account_ids) as string[] }));
}
