// Chains the rows a table already held when the chain began (migration 0014): the same entries
// the triggers would have written, in the same order, computed here (chain.ts).
import { type Kysely, sql } from 'kysely';
import { CHAINED_COLUMNS, CHAINED_TABLES, type ChainSource, linkHash, rowContentHash } from './chain';

const PAGE = 2000;
const KEYS: Partial<Record<ChainSource, [string, string]>> = { event: ['device_id', 'seq'], security: ['at', 'id'] };

export async function chainExistingRows(db: Kysely<unknown>, source: ChainSource): Promise<number> {
  const [a, b] = KEYS[source]!;
  const table = CHAINED_TABLES[source];
  const cols = CHAINED_COLUMNS[source].join(', ');
  const head = (await sql<{ seq: number | string; hash: string }>`SELECT seq, hash FROM audit_head WHERE id = 1`.execute(db)).rows[0]!;
  let seq = Number(head.seq);
  let hash = head.hash;
  let after: [unknown, unknown] | null = null;
  let chained = 0;
  for (;;) {
    const where: ReturnType<typeof sql> = after ? sql`WHERE (${sql.ref(a)}, ${sql.ref(b)}) > (${after[0]}, ${after[1]})` : sql``;
    const rows: Record<string, unknown>[] = (await sql<Record<string, unknown>>`SELECT ${sql.raw(cols)} FROM ${sql.table(table)} ${where}
      ORDER BY ${sql.ref(a)}, ${sql.ref(b)} LIMIT ${PAGE}`.execute(db)).rows;
    if (rows.length === 0) break;
    const entries = rows.map((row) => {
      const content = rowContentHash(source, row);
      seq += 1;
      hash = linkHash(hash, seq, source, String(row.id), content);
      return { seq, source, ref_id: String(row.id), content_hash: content, hash };
    });
    await db.insertInto('audit_chain' as never).values(entries as never).execute();
    const last: Record<string, unknown> = rows.at(-1)!;
    after = [last[a], last[b]];
    chained += rows.length;
  }
  await sql`UPDATE audit_head SET seq = ${seq}, hash = ${hash} WHERE id = 1`.execute(db);
  return chained;
}
