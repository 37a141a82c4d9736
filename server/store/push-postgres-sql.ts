// The statement that stores pushes on PostgreSQL (push-postgres.ts runs it): one or several
// pushes, each from its own device (a "member", numbered k from 1), checked and stored at once.
// Everything a push does is here, per member: the device's checks, the scope of every account,
// the cursor lock, the clash check, the time each event is judged by (arrival-time.ts: the
// `windowed` and `judged` CTEs are that rule), the inserts, the violations, the call and blob
// index and the new cursor. A member whose checks fail writes nothing; the others go on.
//
// The batches go as arrays (unnest), so the text never changes and each connection prepares it
// once. Its plan is made then, perhaps while the tables are still empty, and kept: every lookup
// by the batch's keys is written so that only an index can serve it (a subquery per key behind
// OFFSET 0, a scalar subquery, a LIMIT), never as a join the planner could turn into a scan of a
// table that was small then (events, accounts and call owners grow all day).
//
// Every CTE is MATERIALIZED: computed once, where it stands. Left to itself the planner inlines
// a CTE used once into the query using it, and may then run it again for every row there (the
// new cursors were computed once per member per member, 4096 times for 64 pushes).
//
// One snapshot serves the whole statement, taken before it waits for the members' cursor rows
// (FOR UPDATE, in device order, so two statements never wait on each other in a circle). A
// member whose row was rewritten meanwhile by another push of its device (every push that
// stores rewrites it) sees events this snapshot does not: it writes nothing and answers 'retry',
// as does a device's first push (no row to lock yet). An event id another device stores at the
// same moment is the one thing no lock covers: the statement then fails on purpose (RACED), and
// nothing of it is written.
import type { ViolationRecord } from './store';

/** Marks the deliberate failure of a statement in which a push raced another device for an event id. */
export const RACED = 'fairline push raced another device for event ';

/** One row per member, in member order. */
export interface StoredRow {
  k: number;
  status: 'ok' | 'retry' | 'revoked' | 'unproven' | 'other_user' | 'outside' | 'clash';
  lastSeq: number | null;
  outside: string[] | null;
  clash: { id: string; deviceId: string; seq: number; mine: boolean } | null;
  violations: ViolationRecord[] | null;
  skew: { eventId: string; deviceTime: string; offS: number | string; implausible: number } | null;
  device: { lastSeenAt: string; skewFlaggedAt: string | null } | null;
}

// Parameters: $1–$6 the members (device, user, team, role, session proved the device's secret,
// receive time), $7 the clock tolerance in seconds, $8–$20 the events (member, id, seq, account,
// device time as sent, in UTC ISO, type, body, call id, contact kind, phone, party, number),
// $21–$24 the blobs they name (member, sha256, event, kind).
export const PUSH_SQL = `
WITH
mem AS MATERIALIZED (
  SELECT m.k, m.device_id, m.user_id, m.team_id, m.role, m.bound, m.received_at, m.received_at::timestamptz AS received
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[]) WITH ORDINALITY
    AS m(device_id, user_id, team_id, role, bound, received_at, k)
),
inp AS MATERIALIZED (
  SELECT t.k, t.id, t.seq, t.account_id, nullif(t.account_id, '') AS acct, t.device_time, t.device_iso, t.device_iso::timestamptz AS device_at,
    t.type, t.body, t.call_id, t.contact, t.phone_id, t.party_id, t.number, t.n
  FROM unnest($8::int8[], $9::text[], $10::int8[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
    $17::text[], $18::text[], $19::text[], $20::text[]) WITH ORDINALITY
    AS t(k, id, seq, account_id, device_time, device_iso, type, body, call_id, contact, phone_id, party_id, number, n)
),
dev AS MATERIALIZED (
  SELECT m.k, d.user_id, d.secret_hash IS NOT NULL AS bound, d.revoked_at, d.last_seen_at, d.skew_flagged_at
  FROM mem m CROSS JOIN LATERAL (
    SELECT x.user_id, x.secret_hash, x.revoked_at, x.last_seen_at, x.skew_flagged_at FROM devices x WHERE x.id = m.device_id OFFSET 0
  ) d
),
cur AS MATERIALIZED (
  SELECT m.k, c.last_seq, c.pulled_at, c.pulled_seq, c.v, c.tid
  FROM (SELECT k, device_id FROM mem ORDER BY device_id) m
  CROSS JOIN LATERAL (
    SELECT x.last_seq, x.pulled_at, x.pulled_seq, x.xmin::text AS v, x.ctid AS tid FROM device_cursors x WHERE x.device_id = m.device_id FOR UPDATE
  ) c
),
seen AS MATERIALIZED (
  SELECT m.k, s.v FROM mem m
  CROSS JOIN LATERAL (SELECT x.xmin::text AS v FROM device_cursors x WHERE x.device_id = m.device_id OFFSET 0) s
),
acc AS MATERIALIZED (
  SELECT q.k, a.id, a.ref, a.team_id,
    coalesce(m.role = 'admin' OR a.assigned_to = m.user_id OR a.team_id = m.team_id
      OR a.team_id IN (SELECT l.team_id FROM team_leads l WHERE l.user_id = m.user_id) OR pa.ours_before, false) AS in_scope,
    CASE WHEN a.assigned_to = m.user_id AND pa.mine_before IS NOT TRUE
      THEN coalesce(a.assigned_at::timestamptz, pa.last_move, a.created_at::timestamptz)
      ELSE a.created_at::timestamptz END AS reached
  FROM (SELECT DISTINCT k, acct FROM inp WHERE acct IS NOT NULL) q
  JOIN mem m ON m.k = q.k
  CROSS JOIN LATERAL (
    SELECT x.id, x.ref, x.team_id, x.assigned_to, x.assigned_at, x.created_at FROM accounts x WHERE x.id = q.acct OFFSET 0
  ) a
  CROSS JOIN LATERAL (
    SELECT bool_or(p.user_id = m.user_id) AS mine_before, bool_or(p.user_id = m.user_id OR p.team_id = m.team_id) AS ours_before,
      max(p.until::timestamptz) AS last_move
    FROM past_assignments p WHERE p.account_id = a.id
  ) pa
),
outside AS MATERIALIZED (
  SELECT i.k, i.acct AS account_id, min(i.n) AS n FROM inp i LEFT JOIN acc ON acc.k = i.k AND acc.id = i.acct
  WHERE i.acct IS NOT NULL AND acc.in_scope IS NOT TRUE GROUP BY i.k, i.acct
),
stored AS MATERIALIZED (
  SELECT i.k, s.id, s.device_id, s.seq FROM inp i
  CROSS JOIN LATERAL (SELECT e.id, e.device_id, e.seq FROM events e WHERE e.id = i.id OFFSET 0) s
  UNION
  SELECT i.k, s.id, s.device_id, s.seq FROM inp i JOIN mem m ON m.k = i.k
  CROSS JOIN LATERAL (SELECT e.id, e.device_id, e.seq FROM events e WHERE e.device_id = m.device_id AND e.seq = i.seq OFFSET 0) s
),
clash AS MATERIALIZED (
  SELECT DISTINCT ON (s.k) s.k, s.id, s.device_id, s.seq, EXISTS (SELECT 1 FROM inp i WHERE i.k = s.k AND i.id = s.id) AS mine
  FROM stored s JOIN mem m ON m.k = s.k
  WHERE NOT EXISTS (SELECT 1 FROM inp i WHERE i.k = s.k AND i.id = s.id AND i.seq = s.seq AND s.device_id = m.device_id)
  ORDER BY s.k, s.seq
),
verdict AS MATERIALIZED (
  SELECT m.k, CASE
    WHEN d.revoked_at IS NOT NULL THEN 'revoked'
    WHEN d.bound AND NOT m.bound THEN 'unproven'
    WHEN d.k IS NOT NULL AND d.user_id IS DISTINCT FROM m.user_id THEN 'other_user'
    WHEN EXISTS (SELECT 1 FROM outside o WHERE o.k = m.k) THEN 'outside'
    WHEN c.k IS NULL OR c.v IS DISTINCT FROM s.v THEN 'retry'
    WHEN EXISTS (SELECT 1 FROM clash x WHERE x.k = m.k) THEN 'clash'
    ELSE 'ok' END AS status
  FROM mem m LEFT JOIN dev d ON d.k = m.k LEFT JOIN cur c ON c.k = m.k LEFT JOIN seen s ON s.k = m.k
),
windowed AS MATERIALIZED (
  SELECT i.k, i.id, i.seq, i.account_id, i.acct, i.device_time, i.device_iso, i.device_at, i.type, i.body, i.call_id, i.contact,
    i.phone_id, i.party_id, i.number, m.received, m.received_at, make_interval(secs => $7::float8) AS tol,
    -- Stored by this push: its member passed every check and the event is not a repeat (the
    -- same id at the same seq of the same device, already stored).
    v.status = 'ok' AND rp.id IS NULL AS fresh,
    greatest(acc.reached, CASE WHEN c.pulled_at IS NOT NULL AND i.seq > c.pulled_seq THEN c.pulled_at::timestamptz END) AS lo,
    least(m.received, CASE WHEN c.pulled_at IS NOT NULL AND i.seq <= c.pulled_seq THEN c.pulled_at::timestamptz END) AS hi
  FROM inp i JOIN mem m ON m.k = i.k JOIN verdict v ON v.k = i.k LEFT JOIN cur c ON c.k = i.k LEFT JOIN acc ON acc.k = i.k AND acc.id = i.acct
  LEFT JOIN stored rp ON rp.k = i.k AND rp.id = i.id AND rp.seq = i.seq AND rp.device_id = m.device_id
),
judged AS MATERIALIZED (
  SELECT w.k, w.id, w.seq, w.account_id, w.acct, w.device_time, w.type, w.body, w.call_id, w.contact, w.phone_id, w.party_id, w.number, w.fresh,
    CASE WHEN p.plausible THEN w.device_at ELSE w.received END AS checked,
    CASE WHEN p.plausible THEN w.device_iso ELSE w.received_at END AS checked_at,
    CASE WHEN w.device_at IS NULL OR p.plausible THEN 0
      WHEN w.device_at > w.hi + w.tol THEN extract(epoch FROM w.device_at - w.hi)
      ELSE extract(epoch FROM w.device_at - w.lo) END AS off_s
  FROM windowed w CROSS JOIN LATERAL (
    SELECT coalesce(w.device_at <= w.hi + w.tol AND (w.lo IS NULL OR w.device_at >= w.lo - w.tol), false) AS plausible
  ) p
),
ins AS (
  INSERT INTO events (id, device_id, seq, user_id, account_id, device_time, received_at, type, body, checked_at)
  SELECT j.id, m.device_id, j.seq, m.user_id, j.account_id, j.device_time, m.received_at, j.type, j.body, j.checked_at
  FROM judged j JOIN mem m ON m.k = j.k
  WHERE j.fresh ORDER BY j.k, j.seq
  ON CONFLICT DO NOTHING
  RETURNING id, device_id
),
inbound AS MATERIALIZED (
  SELECT k, call_id FROM inp WHERE contact = 'in' AND acct IS NOT NULL AND call_id IS NOT NULL
  UNION
  SELECT o.k, o.call_id FROM inp o
  WHERE o.contact = 'outcome' AND o.acct IS NOT NULL AND o.call_id IS NOT NULL
    -- Only for an outcome whose attempt is not in its batch (rare) are the account's earlier
    -- attempts read, through the account's index (type || '' keeps the type index out of it).
    AND CASE WHEN EXISTS (SELECT 1 FROM inp a WHERE a.k = o.k AND a.contact IN ('out', 'in') AND a.acct IS NOT NULL AND a.call_id = o.call_id) THEN false
      ELSE (SELECT 1 FROM events e WHERE e.account_id = o.acct AND e.type || '' = 'call.attempt'
        AND e.body::jsonb ->> 'callId' = o.call_id AND e.body::jsonb ->> 'direction' = 'inbound' LIMIT 1) IS NOT NULL END
),
contacts AS MATERIALIZED (
  SELECT j.k, j.id, j.type, j.acct AS account_id, j.phone_id, j.party_id, j.number, j.device_time, j.checked FROM judged j
  WHERE j.fresh AND j.acct IS NOT NULL
    AND (j.contact = 'out' OR (j.contact = 'outcome'
      AND (j.call_id IS NULL OR NOT EXISTS (SELECT 1 FROM inbound b WHERE b.k = j.k AND b.call_id = j.call_id))))
),
holdset AS MATERIALIZED (
  SELECT h.id, h.account_id, h.party_id, h.phone_id, h.kind, h.effective, h.lifted,
    (SELECT ph.number FROM phones ph WHERE ph.id = h.phone_id) AS number
  FROM (SELECT DISTINCT account_id FROM contacts) q
  CROSS JOIN LATERAL (
    SELECT x.id, x.account_id, x.party_id, x.phone_id, x.kind, x.effective_at::timestamptz AS effective, x.lifted_at::timestamptz AS lifted
    FROM holds x WHERE x.account_id = q.account_id OFFSET 0
  ) h
),
viol AS (
  INSERT INTO violations (event_id, hold_id, account_id, user_id, rule, device_time, found_at)
  SELECT c.id, h.id, h.account_id, m.user_id, 'hold.' || h.kind, c.device_time, m.received_at
  FROM contacts c JOIN mem m ON m.k = c.k JOIN holdset h ON h.account_id = c.account_id
  WHERE h.effective <= c.checked AND (h.lifted IS NULL OR h.lifted > c.checked)
    AND ((h.kind IN ('cease', 'dispute', 'attorney', 'bankruptcy', 'deceased') AND (h.party_id IS NULL OR c.party_id IS NULL OR h.party_id = c.party_id))
      OR (h.kind = 'do_not_call' AND (h.phone_id = c.phone_id OR h.number = c.number)))
  ON CONFLICT DO NOTHING
  RETURNING event_id, hold_id, rule, device_time, found_at
),
claimed AS (
  INSERT INTO call_owners (call_id, device_id, user_id)
  SELECT DISTINCT ON (j.call_id) j.call_id, m.device_id, m.user_id FROM judged j JOIN mem m ON m.k = j.k
  WHERE j.fresh AND j.call_id IS NOT NULL AND length(j.call_id) BETWEEN 1 AND 200
  ORDER BY j.call_id, j.k
  ON CONFLICT DO NOTHING
  RETURNING call_id, device_id
),
indexed AS (
  INSERT INTO call_events (call_id, event_id, type)
  SELECT j.call_id, j.id, j.type FROM judged j JOIN mem m ON m.k = j.k
  WHERE j.fresh
    AND (EXISTS (SELECT 1 FROM claimed o WHERE o.call_id = j.call_id AND o.device_id = m.device_id)
      OR (SELECT o.device_id FROM call_owners o WHERE o.call_id = j.call_id) = m.device_id)
  ON CONFLICT DO NOTHING
),
blobbed AS (
  INSERT INTO blob_refs (sha256, event_id, user_id, kind)
  SELECT b.sha256, b.event_id, m.user_id, b.kind
  FROM unnest($21::int8[], $22::text[], $23::text[], $24::text[]) AS b(k, sha256, event_id, kind) JOIN mem m ON m.k = b.k
  JOIN judged j ON j.k = b.k AND j.id = b.event_id
  WHERE j.fresh
  ON CONFLICT DO NOTHING
),
-- Each member's seqs as one array (one pass over judged), so the new cursors never scan judged per member.
jseqs AS MATERIALIZED (SELECT k, array_agg(seq) AS seqs FROM judged GROUP BY k),
newlast AS MATERIALIZED (
  SELECT c.k, coalesce(max(s.seq) FILTER (WHERE s.seq - s.n = c.last_seq), c.last_seq) AS last_seq
  FROM cur c JOIN mem m ON m.k = c.k LEFT JOIN jseqs js ON js.k = c.k
  LEFT JOIN LATERAL (
    SELECT u.seq, row_number() OVER (ORDER BY u.seq) AS n FROM (
      SELECT q.seq FROM unnest(js.seqs) AS q(seq) WHERE q.seq > c.last_seq
      UNION (SELECT e.seq FROM events e WHERE e.device_id = m.device_id AND e.seq > c.last_seq ORDER BY e.seq LIMIT 100000)
    ) u
  ) s ON true
  WHERE c.k IN (SELECT k FROM verdict WHERE status = 'ok')
  GROUP BY c.k, c.last_seq
),
-- The cursor rows are found by the row address cur locked (a TID scan): every push rewrites its
-- row, so the table holds many dead versions until vacuumed, and a scan of it grew with them.
moved AS (
  UPDATE device_cursors x SET last_seq = greatest(x.last_seq, n.last_seq)
  FROM newlast n JOIN cur c ON c.k = n.k
  WHERE x.ctid = c.tid
  RETURNING n.k, x.last_seq
),
-- What each member's answer needs, one row per member (joined, never a scan per member).
outs AS MATERIALIZED (SELECT k, array_agg(account_id ORDER BY n) AS ids FROM outside GROUP BY k),
-- The violations with their event's member and type, from the few violations outward (a join
-- begun from the contacts would pair every contact with every account of its member first).
vfound AS MATERIALIZED (
  SELECT c.k, c.type, x.event_id, x.hold_id, x.rule, x.device_time, x.found_at FROM viol x
  CROSS JOIN LATERAL (SELECT c.k, c.type FROM contacts c WHERE c.id = x.event_id LIMIT 1) c
),
found AS MATERIALIZED (
  SELECT v.k, json_agg(json_build_object('eventId', v.event_id, 'eventType', v.type, 'accountId', h.account_id, 'accountRef', a.ref,
      'teamId', a.team_id, 'userId', m.user_id, 'holdId', v.hold_id, 'holdKind', h.kind, 'rule', v.rule, 'deviceTime', v.device_time,
      'foundAt', v.found_at) ORDER BY v.event_id, v.hold_id) AS list
  FROM vfound v JOIN mem m ON m.k = v.k
  CROSS JOIN LATERAL (SELECT h.account_id, h.kind FROM holdset h WHERE h.id = v.hold_id LIMIT 1) h
  LEFT JOIN LATERAL (SELECT a.ref, a.team_id FROM acc a WHERE a.k = v.k AND a.id = h.account_id LIMIT 1) a ON true
  GROUP BY v.k
),
skewed AS MATERIALIZED (
  SELECT DISTINCT ON (j.k) j.k, json_build_object('eventId', j.id, 'deviceTime', j.device_time, 'offS', j.off_s,
    'implausible', count(1) OVER (PARTITION BY j.k)) AS finding
  FROM judged j JOIN verdict v ON v.k = j.k WHERE v.status = 'ok' AND j.off_s <> 0
  ORDER BY j.k, abs(j.off_s) DESC, j.seq
),
-- An event this push should have stored but could not: another device stored its id meanwhile.
raced AS MATERIALIZED (
  SELECT min(j.id) AS id FROM judged j JOIN mem m ON m.k = j.k
  LEFT JOIN ins ON ins.id = j.id AND ins.device_id = m.device_id
  WHERE j.fresh AND ins.id IS NULL
)
SELECT v.k, v.status, mv.last_seq, o.ids AS outside,
  CASE WHEN c.k IS NOT NULL THEN json_build_object('id', c.id, 'deviceId', c.device_id, 'seq', c.seq, 'mine', c.mine) END AS clash,
  f.list AS violations, sk.finding AS skew,
  CASE WHEN d.k IS NOT NULL THEN json_build_object('lastSeenAt', d.last_seen_at, 'skewFlaggedAt', d.skew_flagged_at) END AS device,
  (SELECT CAST('${RACED}' || r.id AS int) FROM raced r WHERE r.id IS NOT NULL) AS raced
FROM verdict v LEFT JOIN moved mv ON mv.k = v.k LEFT JOIN outs o ON o.k = v.k LEFT JOIN clash c ON c.k = v.k
  LEFT JOIN found f ON f.k = v.k LEFT JOIN skewed sk ON sk.k = v.k LEFT JOIN dev d ON d.k = v.k
ORDER BY v.k`;

/** Creates the device's cursor row, or locks it, before the statement runs in a later snapshot. */
export const LOCK_SQL = `INSERT INTO device_cursors (device_id, last_seq) VALUES ($1, 0)
  ON CONFLICT (device_id) DO UPDATE SET last_seq = device_cursors.last_seq`;
