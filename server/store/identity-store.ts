// The debtors' identity checks on file (shared/domain/identity.ts): the central store keeps the
// values and, made on every write with a fresh salt, the digests and hints consoles receive in
// the assignments bucket (accounts-store.ts loadBundles reads `on_file`). A write moves each
// account's version so consoles that already hold it pull it again.
import type { Kysely } from 'kysely';
import { type IdentityFacts, IdentityOnFile, identityOnFile } from '../../shared/domain/identity';
import { type Db, changeAccounts, chunks, nextVersions } from './kysely-helpers';
import type { Database } from './schema';
import { StoreError } from './store';

export class IdentityStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Sets (replaces) the identity values of these accounts; every account must exist. Each gets a
   * fresh random salt unless `saltOf` gives one (the demo seed, to be reproducible).
   */
  async setIdentities(facts: readonly IdentityFacts[], at: string, saltOf?: (accountId: string) => string): Promise<void> {
    if (facts.length === 0) return;
    const rows = facts.map((f) => ({
      accountId: f.accountId, dateOfBirth: f.dateOfBirth, idLast4: f.idLast4, ssnLast4: f.ssnLast4,
      onFile: JSON.stringify(identityOnFile(f, saltOf?.(f.accountId))), updatedAt: at,
    }));
    await changeAccounts(this.db, async (trx) => {
      const ids = rows.map((r) => r.accountId);
      let found = 0;
      for (const part of chunks(ids)) found += (await trx.selectFrom('accounts').select('id').where('id', 'in', part).execute()).length;
      if (found !== new Set(ids).size) throw new StoreError('not_found', 'An identity names an account that does not exist');
      for (const part of chunks(rows)) {
        await trx.insertInto('accountIdentity').values(part).onConflict((oc) => oc.column('accountId').doUpdateSet((eb) => ({
          dateOfBirth: eb.ref('excluded.dateOfBirth'), idLast4: eb.ref('excluded.idLast4'), ssnLast4: eb.ref('excluded.ssnLast4'),
          onFile: eb.ref('excluded.onFile'), updatedAt: eb.ref('excluded.updatedAt'),
        }))).execute();
      }
      const first = await nextVersions(trx, ids.length);
      for (const [i, id] of ids.entries()) await trx.updateTable('accounts').set({ version: first + i, updatedAt: at }).where('id', '=', id).execute();
    });
  }

  /** The values on file for one account (central use only: never sent to a console). */
  async facts(accountId: string): Promise<IdentityFacts | undefined> {
    const r = await this.db.selectFrom('accountIdentity').select(['accountId', 'dateOfBirth', 'idLast4', 'ssnLast4'])
      .where('accountId', '=', accountId).executeTakeFirst();
    return r && { accountId: r.accountId, dateOfBirth: r.dateOfBirth, idLast4: r.idLast4, ssnLast4: r.ssnLast4 };
  }
}

/** What consoles receive for these accounts (no row: nothing on file). */
export async function identitiesOnFile(trx: Db, accountIds: readonly string[]): Promise<Map<string, IdentityOnFile>> {
  const rows = await trx.selectFrom('accountIdentity').select(['accountId', 'onFile']).where('accountId', 'in', accountIds).execute();
  return new Map(rows.map((r) => [r.accountId, IdentityOnFile.parse(JSON.parse(r.onFile))]));
}
