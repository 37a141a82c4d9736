// A pushed batch as both stores write it: one flat row per event (what the contact checks, the
// call index and the time rule need, read from the body once), the blobs its events name, and
// the forgeries a batch can show by itself. Pure: no database here.
import type { ClientEvent } from '../../shared/domain/events';
import type { BlobKind } from '../../shared/sync/protocol';
import { normalizedDeviceTime } from './arrival-time';
import { blobReferences } from './blob-store';
import { StoreError } from './store';

/** How an event counts for arrival checks: an outbound or inbound call attempt, a call's outcome, or not a call at all. */
export type ContactKind = 'out' | 'in' | 'outcome' | null;

export interface PushRow {
  id: string;
  seq: number;
  accountId: string | null;
  /** As the device sent it (stored as is). */
  deviceTime: string;
  /** The device time in UTC ISO (null: unreadable), what the time rule compares. */
  deviceIso: string | null;
  type: string;
  body: string;
  /** The body's `callId`, whatever the event type (the call index reads it by shape). */
  callId: string | null;
  contact: ContactKind;
  phoneId: string | null;
  partyId: string | null;
  number: string | null;
  event: ClientEvent;
}

export interface PushBatch {
  /** In seq order. */
  events: PushRow[];
  blobs: { sha256: string; eventId: string; kind: BlobKind }[];
}

function contactOf(e: ClientEvent): Pick<PushRow, 'contact' | 'phoneId' | 'partyId' | 'number'> {
  const b = e.body;
  if (e.accountId && b.type === 'call.attempt') return { contact: b.direction === 'outbound' ? 'out' : 'in', phoneId: b.phoneId, partyId: b.partyId, number: b.number };
  if (e.accountId && b.type === 'call.outcome') return { contact: 'outcome', phoneId: b.phoneId, partyId: b.partyId, number: null };
  return { contact: null, phoneId: null, partyId: null, number: null };
}

/**
 * Flattens a batch. Inside one batch, the same seq under two ids or one id at two seqs is forged
 * or corrupted: StoreError 'conflict' before anything is looked up.
 */
export function prepareBatch(deviceId: string, events: readonly ClientEvent[]): PushBatch {
  const bySeq = new Map<number, string>();
  const byId = new Map<string, number>();
  for (const e of events) {
    const seen = bySeq.get(e.seq);
    if ((seen !== undefined && seen !== e.id) || (byId.has(e.id) && byId.get(e.id) !== e.seq)) {
      throw new StoreError('conflict', `Device ${deviceId} sent seq ${e.seq} / event ${e.id} twice with different contents: the device sequence is forged or corrupted`);
    }
    bySeq.set(e.seq, e.id);
    byId.set(e.id, e.seq);
  }
  const rows = new Map<string, PushRow>(); // a repeat inside the batch goes once
  const blobs = new Map<string, PushBatch['blobs'][number]>();
  for (const e of events) {
    if (rows.has(e.id)) continue;
    const callId = (e.body as { callId?: unknown }).callId;
    rows.set(e.id, {
      id: e.id, seq: e.seq, accountId: e.accountId, deviceTime: e.deviceTime, deviceIso: normalizedDeviceTime(e.deviceTime),
      type: e.body.type, body: JSON.stringify(e.body), callId: typeof callId === 'string' ? callId : null, ...contactOf(e), event: e,
    });
    for (const r of blobReferences(e.body)) blobs.set(`${r.sha256}/${e.id}`, { sha256: r.sha256, eventId: e.id, kind: r.kind });
  }
  return { events: [...rows.values()].sort((a, b) => a.seq - b.seq), blobs: [...blobs.values()] };
}
