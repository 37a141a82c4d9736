// Version 16 of the central schema: a channel opt-out is a hold (docs/messaging.md "Opt-outs").
// - holds.kind also takes sms_opt_out (no more texts to one number: the hold's phone, and its note
//   is the number) and email_opt_out (no more emails to one address: its note is the address).
//   The check constraint is replaced: on PostgreSQL dropped and added again; on SQLite, which
//   cannot alter a constraint, the table is rebuilt (SQLite's documented twelve steps: foreign
//   keys off, new table, copy, drop, rename, indexes, foreign-key check, foreign keys on).
// - Opt-outs already recorded in message_opt_outs become holds, each in the compliance bucket
//   (the account's holds_version moves), so consoles receive them at their next pull.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../audit/triggers';

const KINDS = ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased', 'do_not_call', 'sms_opt_out', 'email_opt_out'];
const OLD_KINDS = KINDS.slice(0, 6);

const check = (kinds: readonly string[]) => sql.raw(`kind in (${kinds.map((k) => `'${k}'`).join(', ')})`);

async function setKinds(db: Kysely<unknown>, kinds: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table holds drop constraint holds_kind_check`.execute(db);
    await sql`alter table holds add constraint holds_kind_check check (${check(kinds)})`.execute(db);
    return;
  }
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = 'holds'`.execute(db);
  const created = rows[0]!.sql;
  const replaced = created.replace(/(holds_kind_check"?\s+check\s*\()\s*kind in \([^)]*\)/i, (_m, head: string) => `${head}kind in (${kinds.map((k) => `'${k}'`).join(', ')})`);
  if (replaced === created) throw new Error(`0016: the holds table's kind check was not found in: ${created}`);
  const indexes = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'index' and tbl_name = 'holds' and sql is not null`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql.raw(replaced.replace(/^CREATE TABLE\s+"?holds"?/i, 'CREATE TABLE "holds_new"')).execute(db);
    await sql`insert into holds_new select * from holds`.execute(db);
    await sql`drop table holds`.execute(db);
    await sql`alter table holds_new rename to holds`.execute(db);
    for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`0016: ${broken.rows.length} foreign key(s) broken by the rebuild of holds`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

interface OptOutRow { id: string; account_id: string; channel: string; address: string; at: string }

export async function up(db: Kysely<unknown>): Promise<void> {
  await setKinds(db, KINDS);
  const optOuts = (await sql<OptOutRow>`select id, account_id, channel, address, at from message_opt_outs order by at`.execute(db)).rows;
  const digits = (s: string) => s.replace(/\D/g, '');
  const bumped = new Set<string>();
  for (const o of optOuts) {
    let partyId: string | null = null;
    let phoneId: string | null = null;
    if (o.channel === 'sms') {
      const phones = (await sql<{ id: string; party_id: string; number: string }>`select id, party_id, number from phones where account_id = ${o.account_id}`.execute(db)).rows;
      const phone = phones.find((p) => digits(p.number) === digits(o.address));
      if (phone) [partyId, phoneId] = [phone.party_id, phone.id];
    } else {
      const emails = (await sql<{ party_id: string; address: string }>`select party_id, address from message_emails where account_id = ${o.account_id}`.execute(db)).rows;
      partyId = emails.find((e) => e.address.trim().toLowerCase() === o.address.trim().toLowerCase())?.party_id ?? null;
    }
    await sql`insert into holds (id, account_id, party_id, phone_id, kind, note, effective_at, lifted_at)
      values (${`opt-out-${o.id}`}, ${o.account_id}, ${partyId}, ${phoneId}, ${o.channel === 'sms' ? 'sms_opt_out' : 'email_opt_out'}, ${o.address}, ${o.at}, null)`.execute(db);
    bumped.add(o.account_id);
  }
  for (const accountId of bumped) {
    const { rows } = await sql<{ value: number | string }>`update counters set value = value + 1 where name = 'account_version' returning value`.execute(db);
    const version = Number(rows[0]!.value);
    await sql`update accounts set version = ${version}, holds_version = ${version} where id = ${accountId}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from violations where hold_id in (select id from holds where kind in ('sms_opt_out', 'email_opt_out'))`.execute(db);
  await sql`delete from holds where kind in ('sms_opt_out', 'email_opt_out')`.execute(db);
  await setKinds(db, OLD_KINDS);
}
