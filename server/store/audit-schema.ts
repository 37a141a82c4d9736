// Row types of the audit and retention tables (migrations 0014 and 0015), kept apart from
// schema.ts: the stores that use them (audit-store.ts, retention-store.ts) see the central
// schema extended with these.
import type { Database } from './schema';

export interface AuditChainTable { seq: number; source: string; refId: string; contentHash: string; hash: string }
export interface AuditHeadTable { id: number; seq: number; hash: string }
export interface AccessLogTable {
  id: string; at: string; userId: string; username: string; role: string; deviceId: string | null; accountId: string | null;
  what: string; objectId: string; reason: string; address: string | null;
}
/** A row retention purged: its chain entry (null for a file, which is not chained), what it was, and by which rule. */
export interface AuditTombstonesTable {
  id: string; purgedSeq: number | null; source: string; refId: string; accountId: string | null; packId: string | null; rule: string; purgedAt: string;
}
export interface LegalHoldsTable { id: string; accountId: string; reason: string; placedAt: string; placedBy: string; liftedAt: string | null }
export interface RetentionSettingsTable { packId: string; recordsYears: number; recordingsYears: number; updatedAt: string }

export interface AuditDatabase extends Database {
  auditChain: AuditChainTable;
  auditHead: AuditHeadTable;
  accessLog: AccessLogTable;
  auditTombstones: AuditTombstonesTable;
  legalHolds: LegalHoldsTable;
  retentionSettings: RetentionSettingsTable;
}
