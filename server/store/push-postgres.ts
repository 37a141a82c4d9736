// A push on PostgreSQL in one statement (docs/server.md "Concurrency: versions, cursors and
// pushes"). Under load most of a push's cost was its round trips: a device lookup, a scope
// check, BEGIN, a cursor upsert, the insert, the holds, the call index, a cursor scan, its
// update and COMMIT, each parsed and planned. Here the batch goes as arrays (unnest), so the
// statement text never changes and is prepared once per connection (postgres.ts), and one
// statement does it all: the device's checks, the scope check, the cursor lock, the clash
// check, the plausible time of each event (arrival-time.ts), the inserts, the violations, the
// call and blob index and the new cursor. Nothing is written unless every check passed.
//
// Why one statement is still safe: it runs in one snapshot, taken before it waits for the
// device's cursor row (FOR UPDATE). If another push from the same device committed meanwhile,
// the locked row is a newer version than the snapshot's (its xmin differs: every push that
// stores events rewrites the row), and the statement writes nothing and answers 'retry'; so
// does a device's first push (no row to lock yet). Those go the slow way: a transaction that
// first creates or locks the row, then runs the same statement in a snapshot taken after the
// lock. A same-id event another device stored meanwhile is the one thing the lock cannot
// cover; the statement then fails on purpose (RACED), so nothing is written, and the push gets
// a 409 like any clash.
import { CompiledQuery, type Kysely } from 'kysely';
import { CLOCK_TOLERANCE_MS } from './arrival-time';
import type { PushBatch } from './push-batch';
import type { Database } from './schema';
import type { PushContext, PushOutcome, ViolationRecord } from './store';
import { StoreError } from './store';

/** Marks the deliberate failure of a push that raced another device for an event id. */
const RACED = 'fairline push raced another device for event ';

const PUSH_SQL = `
WITH
inp AS (
  SELECT t.id, t.seq, t.account_id, nullif(t.account_id, '') AS acct, t.device_time, t.device_iso, t.device_iso::timestamptz AS device_at,
    t.type, t.body, t.call_id, t.contact, t.phone_id, t.party_id, t.number, t.n
  FROM unnest($8::text[], $9::int8[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
    $17::text[], $18::text[], $19::text[]) WITH ORDINALITY
    AS t(id, seq, account_id, device_time, device_iso, type, body, call_id, contact, phone_id, party_id, number, n)
),
dev AS (
  SELECT user_id, secret_hash IS NOT NULL AS bound, revoked_at, last_seen_at, skew_flagged_at FROM devices WHERE id = $1
),
cur AS (
  SELECT last_seq, pulled_at, pulled_seq, xmin::text AS v FROM device_cursors WHERE device_id = $1 FOR UPDATE
),
seen AS (
  SELECT xmin::text AS v FROM device_cursors WHERE device_id = $1
),
acc AS (
  SELECT a.id, a.ref, a.team_id,
    coalesce($4::text = 'admin' OR a.assigned_to = $2::text OR a.team_id = $3::text
      OR a.team_id IN (SELECT l.team_id FROM team_leads l WHERE l.user_id = $2::text)
      OR EXISTS (SELECT 1 FROM past_assignments p WHERE p.account_id = a.id AND (p.user_id = $2::text OR p.team_id = $3::text)), false) AS in_scope,
    CASE WHEN a.assigned_to = $2::text AND NOT EXISTS (SELECT 1 FROM past_assignments p WHERE p.account_id = a.id AND p.user_id = $2::text)
      THEN coalesce(a.assigned_at::timestamptz, (SELECT max(p.until::timestamptz) FROM past_assignments p WHERE p.account_id = a.id), a.created_at::timestamptz)
      ELSE a.created_at::timestamptz END AS reached
  FROM accounts a WHERE a.id IN (SELECT acct FROM inp)
),
outside AS (
  SELECT i.acct AS account_id, min(i.n) AS n FROM inp i LEFT JOIN acc ON acc.id = i.acct
  WHERE i.acct IS NOT NULL AND acc.in_scope IS NOT TRUE GROUP BY i.acct
),
stored AS (
  SELECT e.id, e.device_id, e.seq FROM events e WHERE e.id IN (SELECT id FROM inp)
  UNION
  SELECT e.id, e.device_id, e.seq FROM events e WHERE e.device_id = $1 AND e.seq IN (SELECT seq FROM inp)
),
clash AS (
  SELECT s.id, s.device_id, s.seq, EXISTS (SELECT 1 FROM inp i WHERE i.id = s.id) AS mine FROM stored s
  WHERE NOT EXISTS (SELECT 1 FROM inp i WHERE i.id = s.id AND i.seq = s.seq AND s.device_id = $1)
  ORDER BY s.seq LIMIT 1
),
verdict AS (
  SELECT CASE
    WHEN d.revoked_at IS NOT NULL THEN 'revoked'
    WHEN d.bound AND NOT $5::boolean THEN 'unproven'
    WHEN d.present AND d.user_id IS DISTINCT FROM $2::text THEN 'other_user'
    WHEN EXISTS (SELECT 1 FROM outside) THEN 'outside'
    WHEN NOT EXISTS (SELECT 1 FROM cur) THEN 'retry'
    WHEN (SELECT v FROM cur) IS DISTINCT FROM (SELECT v FROM seen) THEN 'retry'
    WHEN EXISTS (SELECT 1 FROM clash) THEN 'clash'
    ELSE 'ok' END AS status
  FROM (SELECT bool_or(true) AS present, max(user_id) AS user_id, bool_or(bound) AS bound, max(revoked_at) AS revoked_at FROM dev) d
),
bounds AS (
  SELECT ($6::text)::timestamptz AS received, c.pulled_at::timestamptz AS pulled_at, c.pulled_seq, make_interval(secs => $7::float8) AS tol
  FROM (SELECT 1) one LEFT JOIN cur c ON true
),
windowed AS (
  SELECT i.id, i.seq, i.account_id, i.acct, i.device_time, i.device_iso, i.device_at, i.type, i.body, i.call_id, i.contact,
    i.phone_id, i.party_id, i.number, b.received, b.tol,
    greatest(acc.reached, CASE WHEN b.pulled_at IS NOT NULL AND i.seq > b.pulled_seq THEN b.pulled_at END) AS lo,
    least(b.received, CASE WHEN b.pulled_at IS NOT NULL AND i.seq <= b.pulled_seq THEN b.pulled_at END) AS hi
  FROM inp i CROSS JOIN bounds b LEFT JOIN acc ON acc.id = i.acct
),
judged AS (
  SELECT w.id, w.seq, w.account_id, w.acct, w.device_time, w.type, w.body, w.call_id, w.contact, w.phone_id, w.party_id, w.number,
    CASE WHEN p.plausible THEN w.device_at ELSE w.received END AS checked,
    CASE WHEN p.plausible THEN w.device_iso ELSE $6::text END AS checked_at,
    CASE WHEN w.device_at IS NULL OR p.plausible THEN 0
      WHEN w.device_at > w.hi + w.tol THEN extract(epoch FROM w.device_at - w.hi)
      ELSE extract(epoch FROM w.device_at - w.lo) END AS off_s
  FROM windowed w CROSS JOIN LATERAL (
    SELECT coalesce(w.device_at <= w.hi + w.tol AND (w.lo IS NULL OR w.device_at >= w.lo - w.tol), false) AS plausible
  ) p
),
ins AS (
  INSERT INTO events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at)
  SELECT j.id, $1, j.seq, $2, j.account_id, j.device_time, $6, j.type, j.body, j.checked_at
  FROM judged j WHERE (SELECT status FROM verdict) = 'ok' ORDER BY j.seq
  ON CONFLICT DO NOTHING
  RETURNING id
),
inbound AS (
  SELECT call_id FROM inp WHERE contact = 'in' AND acct IS NOT NULL AND call_id IS NOT NULL
  UNION
  SELECT o.call_id FROM inp o
  WHERE o.contact = 'outcome' AND o.acct IS NOT NULL AND o.call_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM inp a WHERE a.contact IN ('out', 'in') AND a.acct IS NOT NULL AND a.call_id = o.call_id)
    AND EXISTS (SELECT 1 FROM events e WHERE e.account_id = o.acct AND e.type = 'call.attempt'
      AND e.body::jsonb ->> 'callId' = o.call_id AND e.body::jsonb ->> 'direction' = 'inbound')
),
contacts AS (
  SELECT j.id, j.type, j.acct AS account_id, j.phone_id, j.party_id, j.number, j.device_time, j.checked FROM judged j
  WHERE j.id IN (SELECT id FROM ins) AND j.acct IS NOT NULL
    AND (j.contact = 'out' OR (j.contact = 'outcome' AND (j.call_id IS NULL OR j.call_id NOT IN (SELECT call_id FROM inbound))))
),
holdset AS (
  SELECT h.id, h.account_id, h.party_id, h.phone_id, h.kind, h.effective_at::timestamptz AS effective, h.lifted_at::timestamptz AS lifted, ph.number
  FROM holds h LEFT JOIN phones ph ON ph.id = h.phone_id
  WHERE h.account_id IN (SELECT account_id FROM contacts)
),
viol AS (
  INSERT INTO violations (event_id, hold_id, account_id, user_id, rule, device_time, found_at)
  SELECT c.id, h.id, h.account_id, $2, 'hold.' || h.kind, c.device_time, $6
  FROM contacts c JOIN holdset h ON h.account_id = c.account_id
  WHERE h.effective <= c.checked AND (h.lifted IS NULL OR h.lifted > c.checked)
    AND ((h.kind IN ('cease', 'dispute', 'attorney', 'bankruptcy', 'deceased') AND (h.party_id IS NULL OR c.party_id IS NULL OR h.party_id = c.party_id))
      OR (h.kind = 'do_not_call' AND (h.phone_id = c.phone_id OR h.number = c.number)))
  ON CONFLICT DO NOTHING
  RETURNING event_id, hold_id, rule, device_time, found_at
),
claimed AS (
  INSERT INTO call_owners (call_id, device_id, user_id)
  SELECT DISTINCT j.call_id, $1, $2 FROM judged j
  WHERE j.id IN (SELECT id FROM ins) AND j.call_id IS NOT NULL AND length(j.call_id) BETWEEN 1 AND 200
  ON CONFLICT DO NOTHING
  RETURNING call_id
),
indexed AS (
  INSERT INTO call_events (call_id, event_id, type)
  SELECT j.call_id, j.id, j.type FROM judged j
  WHERE j.id IN (SELECT id FROM ins)
    AND (j.call_id IN (SELECT call_id FROM claimed) OR EXISTS (SELECT 1 FROM call_owners o WHERE o.call_id = j.call_id AND o.device_id = $1))
  ON CONFLICT DO NOTHING
),
blobbed AS (
  INSERT INTO blob_refs (sha256, event_id, user_id, kind)
  SELECT b.sha256, b.event_id, $2, b.kind FROM unnest($20::text[], $21::text[], $22::text[]) AS b(sha256, event_id, kind)
  WHERE b.event_id IN (SELECT id FROM ins)
  ON CONFLICT DO NOTHING
),
newlast AS (
  SELECT coalesce(max(s.seq) FILTER (WHERE s.seq - s.n = c.last_seq), c.last_seq) AS last_seq
  FROM cur c LEFT JOIN LATERAL (
    SELECT u.seq, row_number() OVER (ORDER BY u.seq) AS n FROM (
      SELECT j.seq FROM judged j WHERE j.seq > c.last_seq
      UNION SELECT e.seq FROM events e WHERE e.device_id = $1 AND e.seq > c.last_seq
    ) u
  ) s ON true
  GROUP BY c.last_seq
),
moved AS (
  UPDATE device_cursors SET last_seq = greatest(device_cursors.last_seq, (SELECT last_seq FROM newlast))
  WHERE device_id = $1 AND (SELECT status FROM verdict) = 'ok'
  RETURNING last_seq
)
SELECT v.status,
  (SELECT last_seq FROM moved) AS last_seq,
  (SELECT array_agg(o.account_id ORDER BY o.n) FROM outside o) AS outside,
  (SELECT json_build_object('id', c.id, 'deviceId', c.device_id, 'seq', c.seq, 'mine', c.mine) FROM clash c) AS clash,
  (SELECT json_agg(json_build_object('eventId', x.event_id, 'eventType', c.type, 'accountId', h.account_id, 'accountRef', a.ref,
      'teamId', a.team_id, 'userId', $2::text, 'holdId', x.hold_id, 'holdKind', h.kind, 'rule', x.rule, 'deviceTime', x.device_time,
      'foundAt', x.found_at) ORDER BY x.event_id, x.hold_id)
    FROM viol x JOIN contacts c ON c.id = x.event_id JOIN holdset h ON h.id = x.hold_id LEFT JOIN acc a ON a.id = h.account_id) AS violations,
  (SELECT json_build_object('eventId', j.id, 'deviceTime', j.device_time, 'offS', j.off_s,
      'implausible', (SELECT count(1) FROM judged k WHERE k.off_s <> 0))
    FROM judged j WHERE v.status = 'ok' AND j.off_s <> 0 ORDER BY abs(j.off_s) DESC, j.seq LIMIT 1) AS skew,
  (SELECT json_build_object('lastSeenAt', d.last_seen_at, 'skewFlaggedAt', d.skew_flagged_at) FROM dev d) AS device,
  (SELECT CAST('${RACED}' || j.id AS int) FROM judged j
    WHERE v.status = 'ok' AND j.id NOT IN (SELECT id FROM ins)
      AND NOT EXISTS (SELECT 1 FROM stored s WHERE s.id = j.id AND s.device_id = $1 AND s.seq = j.seq) LIMIT 1) AS raced
FROM verdict v`;

/** Creates the device's cursor row, or locks it, before the statement runs in a later snapshot. */
const LOCK_SQL = `INSERT INTO device_cursors (device_id, last_seq) VALUES ($1, 0)
  ON CONFLICT (device_id) DO UPDATE SET last_seq = device_cursors.last_seq`;

interface PushRow {
  status: 'ok' | 'retry' | 'revoked' | 'unproven' | 'other_user' | 'outside' | 'clash';
  lastSeq: number | null;
  outside: string[] | null;
  clash: { id: string; deviceId: string; seq: number; mine: boolean } | null;
  violations: ViolationRecord[] | null;
  skew: { eventId: string; deviceTime: string; offS: number | string; implausible: number } | null;
  device: { lastSeenAt: string; skewFlaggedAt: string | null } | null;
}

/** Thrown inside the slow path's transaction to roll it back with the refusal as its answer. */
class Refused extends Error {
  constructor(readonly row: PushRow) { super(row.status); }
}

export async function pushPostgres(db: Kysely<Database>, ctx: PushContext, batch: PushBatch): Promise<PushOutcome> {
  const e = batch.events;
  const params = [
    ctx.deviceId, ctx.user.id, ctx.user.teamId, ctx.user.role, ctx.sessionBound, ctx.receivedAt, CLOCK_TOLERANCE_MS / 1000,
    e.map((x) => x.id), e.map((x) => x.seq), e.map((x) => x.accountId), e.map((x) => x.deviceTime), e.map((x) => x.deviceIso),
    e.map((x) => x.type), e.map((x) => x.body), e.map((x) => x.callId), e.map((x) => x.contact), e.map((x) => x.phoneId),
    e.map((x) => x.partyId), e.map((x) => x.number),
    batch.blobs.map((b) => b.sha256), batch.blobs.map((b) => b.eventId), batch.blobs.map((b) => b.kind),
  ];
  const statement = CompiledQuery.raw(PUSH_SQL, params);
  try {
    const fast = (await db.executeQuery<PushRow>(statement)).rows[0]!;
    if (fast.status !== 'retry') return outcome(ctx, fast);
    // First push of this device, or another push of it committed while this one waited.
    return await db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw(LOCK_SQL, [ctx.deviceId]));
      const row = (await trx.executeQuery<PushRow>(statement)).rows[0]!;
      if (row.status === 'retry') throw new Error(`push of device ${ctx.deviceId} found its cursor changed under its own lock`);
      if (row.status !== 'ok') throw new Refused(row);
      return outcome(ctx, row);
    });
  } catch (err) {
    if (err instanceof Refused) return outcome(ctx, err.row);
    const message = err instanceof Error ? err.message : '';
    const at = message.indexOf(RACED);
    if (at >= 0) {
      const id = message.slice(at + RACED.length).replace(/"$/, '');
      throw new StoreError('conflict', `Event ${id} was stored by another device at the same moment; it cannot be sent again under another device or seq`);
    }
    throw err;
  }
}

function outcome(ctx: PushContext, row: PushRow): PushOutcome {
  switch (row.status) {
    case 'ok':
      return {
        lastSeq: Number(row.lastSeq),
        violations: row.violations ?? [],
        skew: row.skew && { eventId: row.skew.eventId, deviceTime: row.skew.deviceTime, offMs: Math.round(Number(row.skew.offS) * 1000), implausible: Number(row.skew.implausible) },
        device: row.device,
      };
    case 'clash': {
      const c = row.clash!;
      throw new StoreError('conflict', c.deviceId === ctx.deviceId && !c.mine
        ? `Device ${ctx.deviceId} already stored seq ${c.seq} as event ${c.id}; a different event cannot take that seq (forged or corrupted device sequence)`
        : `Event ${c.id} is already stored as seq ${c.seq} of device ${c.deviceId}; it cannot be sent again under another device or seq`);
    }
    case 'outside':
      return { refused: 'outside', accountIds: row.outside ?? [] };
    case 'revoked':
    case 'unproven':
    case 'other_user':
      return { refused: row.status };
    default:
      throw new Error(`unexpected push status ${row.status}`);
  }
}
