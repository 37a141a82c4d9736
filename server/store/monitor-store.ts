// Listen / whisper / barge on the central store (migration 0007, docs/monitor.md): the signing
// key every server instance shares, and the log of grants given to leads. Part of the
// ServerStore, kept in its own file: kysely-store.ts delegates here.
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface MonitorKeyRecord { id: string; privateJwk: string; publicJwk: string }

export interface MonitorSessionRecord {
  id: string; leadId: string; agentId: string; callId: string; accountId: string | null; mode: string; issuedAt: string; expiresAt: string;
}

const KEY_ID = 'monitor-1';

export class MonitorStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The signing key; the first caller's `create()` makes it, and every instance reads that one. */
  async key(create: () => Promise<{ privateJwk: string; publicJwk: string }>, at: string): Promise<MonitorKeyRecord> {
    const found = await this.db.selectFrom('monitorKeys').select(['id', 'privateJwk', 'publicJwk']).where('id', '=', KEY_ID).executeTakeFirst();
    if (found) return found;
    const made = await create();
    // Two instances starting together: one insert wins, both read the winner's key.
    await this.db.insertInto('monitorKeys').values({ id: KEY_ID, ...made, createdAt: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return this.db.selectFrom('monitorKeys').select(['id', 'privateJwk', 'publicJwk']).where('id', '=', KEY_ID).executeTakeFirstOrThrow();
  }

  async record(session: MonitorSessionRecord): Promise<void> {
    await this.db.insertInto('monitorSessions').values(session).execute();
  }

  /** Grants given for an agent's calls, newest first. */
  async sessionsOf(agentId: string, limit: number): Promise<MonitorSessionRecord[]> {
    return this.db.selectFrom('monitorSessions').selectAll().where('agentId', '=', agentId).orderBy('issuedAt', 'desc').limit(limit).execute();
  }
}
