// Letters' tables (migration 0017): each PDF once by its SHA-256, and one row per letter issued.
// Reached as `store.messaging.letters`. The same queries run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { LetterAmounts, LetterLanguage, LetterRecord, LetterType } from '../../shared/messaging/letters';
import type { Database } from '../store/schema';

interface LetterFilesTable { sha256: string; bytes: Uint8Array; length: number; createdAt: string }
interface LettersTable {
  id: string; requestId: string; accountId: string; userId: string; type: string; language: string; sha256: string;
  amounts: string; issuedOn: string; respondBy: string | null; daysOverdue: number | null; createdAt: string;
}
type Db = Kysely<Database & { letterFiles: LetterFilesTable; letters: LettersTable }>;

export class LettersStore {
  private readonly db: Db;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Db;
  }

  /** Stores the file (once per hash) and the letter in one transaction; false when the request id is already stored. */
  async issue(letter: Omit<LetterRecord, 'length'>, pdf: Buffer): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('letterFiles').values({ sha256: letter.sha256, bytes: pdf, length: pdf.length, createdAt: letter.createdAt })
        .onConflict((oc) => oc.column('sha256').doNothing()).execute();
      const inserted = await trx.insertInto('letters').values({
        id: letter.id, requestId: letter.requestId, accountId: letter.accountId, userId: letter.userId, type: letter.type, language: letter.language,
        sha256: letter.sha256, amounts: JSON.stringify(letter.amounts), issuedOn: letter.issuedOn, respondBy: letter.respondBy,
        daysOverdue: letter.daysOverdue, createdAt: letter.createdAt,
      }).onConflict((oc) => oc.column('requestId').doNothing()).returning('id').executeTakeFirst();
      return inserted !== undefined;
    });
  }

  private base() {
    return this.db.selectFrom('letters').innerJoin('letterFiles', 'letterFiles.sha256', 'letters.sha256')
      .select(['letters.id', 'letters.requestId', 'letters.accountId', 'letters.userId', 'letters.type', 'letters.language', 'letters.sha256',
        'letterFiles.length', 'letters.amounts', 'letters.issuedOn', 'letters.respondBy', 'letters.daysOverdue', 'letters.createdAt']);
  }

  async byRequest(requestId: string): Promise<LetterRecord | undefined> {
    const r = await this.base().where('letters.requestId', '=', requestId).executeTakeFirst();
    return r && toRecord(r);
  }

  async get(id: string): Promise<LetterRecord | undefined> {
    const r = await this.base().where('letters.id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async ofAccount(accountId: string): Promise<LetterRecord[]> {
    return (await this.base().where('letters.accountId', '=', accountId).orderBy('letters.createdAt', 'desc').execute()).map(toRecord);
  }

  async file(sha256: string): Promise<Buffer | undefined> {
    const r = await this.db.selectFrom('letterFiles').select('bytes').where('sha256', '=', sha256).executeTakeFirst();
    return r && Buffer.from(r.bytes);
  }
}

function toRecord(r: Omit<LettersTable, 'amounts'> & { amounts: string; length: number | string }): LetterRecord {
  return {
    id: r.id, requestId: r.requestId, accountId: r.accountId, userId: r.userId, type: r.type as LetterType, language: r.language as LetterLanguage,
    sha256: r.sha256, length: Number(r.length), amounts: JSON.parse(r.amounts) as LetterAmounts, issuedOn: r.issuedOn, respondBy: r.respondBy,
    daysOverdue: r.daysOverdue === null ? null : Number(r.daysOverdue), createdAt: r.createdAt,
  };
}
