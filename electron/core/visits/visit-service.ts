// Field visits: the day's route from the local store, checking in at an address through the gate
// (channel visit, with the collectors attending), and logging what the visit came to. Everything
// is an event in the local log, so it works offline for days and syncs when the network returns.
// Visits are not blocked by the age of the compliance data as dials are (a route is worked
// offline by design); the route shows how old its data is instead.
import { createHash } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AccountDetail } from '../../../shared/api/contract';
import type { CheckInResult, CheckOutInput, RouteStop, RouteView, StopVisit, VisitGate } from '../../../shared/api/visits';
import { ApiError } from '../../../shared/api/errors';
import { formatBytes, MAX_PHOTO_BYTES } from '../../../shared/api/limits';
import { evaluate, Facts } from '../../../shared/compliance';
import { daysPastDue } from '../../../shared/domain/portfolio';
import { type EventBody, VisitAttendee, type VisitCheckInLog, type VisitLocation, type VisitOutcomeLog, type VisitPhoto } from '../../../shared/domain/events';
import type { Language } from '../../../shared/i18n/languages';
import {
  checkNote, DEFAULT_PHRASE_LISTS, DEFAULT_WRAPUP_LIMITS, formatWrapupError, validatePlan, validatePromise, type FieldError,
} from '../../../shared/wrapup';
import { localDate } from '../config';
import { packFor } from '../compliance/gate';
import type { PackResolver } from '../compliance/org-packs';
import { factsFor } from '../compliance/facts-from-store';
import { readRoutes } from '../store/central-data';
import { accountEvents } from '../store/events';
import { readMeta, writeMeta } from '../store/meta';
import type { StagedUploads } from '../files/staged-uploads';
import type { FileSealer } from '../files/sealed-file';
import { ensurePrivateDir } from '../files/private-files';
import { queueUpload } from '../sync/uploads';

export interface VisitDeps {
  db: () => Database.Database;
  now: () => Date;
  detailOf: (accountId: string) => AccountDetail;
  hasAccount: (accountId: string) => boolean;
  packs: PackResolver;
  log: (accountId: string, body: EventBody) => { id: string };
  language: () => Language;
  lastSyncedAt: () => string | null;
  /** The signed-in agent as a collector at the door: the first to name before any check-in. */
  self: () => VisitAttendee;
  photosDir: string;
  /** Where photos arrive in chunks before they are taken. */
  staging: StagedUploads;
  /** Photos are kept sealed with the device key, as they were staged (files/sealed-file.ts). */
  sealer: () => FileSealer;
}

const LAST_ATTENDEES_KEY = 'visits.lastAttendees';
const PHOTO_TYPES = [
  { type: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/webp', ext: 'webp', magic: [0x52, 0x49, 0x46, 0x46] }, // RIFF....WEBP, checked below
] as const;

export class VisitService {
  constructor(private readonly deps: VisitDeps) {}

  route(date?: string): RouteView {
    const db = this.deps.db();
    const routes = readRoutes(db);
    const lastAttendees = readMeta(db, LAST_ATTENDEES_KEY, z.array(VisitAttendee)) ?? [this.deps.self()];
    const base = { dates: routes.map((r) => r.date), dataAsOf: this.deps.lastSyncedAt(), lastAttendees };
    if (routes.length === 0) return { ...base, date: null, stops: [], missing: 0 };
    const chosen = date ? routes.find((r) => r.date === date) : this.defaultRoute(routes);
    if (!chosen) throw new ApiError('NOT_FOUND', `This console has no route for ${date}`);
    const held = chosen.accountIds.filter((id) => this.deps.hasAccount(id));
    const stops = held.map((id, i) => this.stop(this.deps.detailOf(id), i + 1, lastAttendees));
    return { ...base, date: chosen.date, stops, missing: chosen.accountIds.length - held.length };
  }

  checkIn(input: { accountId: string; location: VisitLocation; attendees: VisitAttendee[] }): CheckInResult {
    const detail = this.deps.detailOf(input.accountId);
    const open = this.visitsOf(input.accountId).find((v) => v.state === 'checked_in');
    if (open) throw new ApiError('VALIDATION', `A visit to ${detail.account.ref} is already open since ${open.checkedInAt}: log its outcome first`);
    const ids = input.attendees.map((a) => a.staffId.trim().toLowerCase());
    if (new Set(ids).size !== ids.length) {
      throw new ApiError('VALIDATION', 'The same staff id is named twice: each collector attending is named once', [{ path: 'attendees', message: 'Duplicate staff id' }]);
    }
    const gate = this.gate(detail, input.attendees);
    writeMeta(this.deps.db(), LAST_ATTENDEES_KEY, input.attendees);
    if (gate.decision === 'block') {
      this.deps.log(input.accountId, {
        type: 'visit.refused', attendees: input.attendees, packId: gate.packId, packVersion: packFor(detail, this.deps.packs).version,
        allowedFrom: gate.allowedFrom, reasons: gate.reasons.map(({ rule, severity, source }) => ({ rule, severity, source })),
      });
      return { ok: false, gate };
    }
    const visitId = uuidv7();
    const body: VisitCheckInLog = {
      type: 'visit.checkin', visitId, location: input.location, attendees: input.attendees,
      packId: gate.packId, packVersion: packFor(detail, this.deps.packs).version, decision: gate.decision,
      reasons: gate.reasons.map(({ rule, severity, source }) => ({ rule, severity, source })),
    };
    this.deps.log(input.accountId, body);
    return { ok: true, visitId, gate };
  }

  /** Takes a staged photo (sent in chunks) and keeps it under its hash (a second copy of the same photo is the same file). */
  attachPhoto(input: { name: string; uploadId: string }): VisitPhoto {
    const staged = this.deps.staging.staged(input.uploadId);
    try {
      if (staged.bytes === 0) throw new ApiError('VALIDATION', `${input.name} is empty`, [{ path: 'data', message: 'Empty file' }]);
      if (staged.bytes > MAX_PHOTO_BYTES) {
        throw new ApiError('TOO_LARGE', `${input.name} is larger than ${formatBytes(MAX_PHOTO_BYTES)}`, [{ path: 'data', message: `Larger than ${formatBytes(MAX_PHOTO_BYTES)}` }]);
      }
      // The staged file is sealed: it is read in the clear here only, and moved as it is.
      const plain = this.deps.sealer().readFile(staged.file);
      const head = plain.subarray(0, 12);
      const kind = PHOTO_TYPES.find((t) => t.magic.every((b, i) => head[i] === b) && (t.type !== 'image/webp' || head.subarray(8, 12).toString('latin1') === 'WEBP'));
      if (!kind) throw new ApiError('VALIDATION', `${input.name} is not a JPEG, PNG or WebP photo`, [{ path: 'data', message: 'Not a JPEG, PNG or WebP image' }]);
      const sha256 = createHash('sha256').update(plain).digest('hex');
      ensurePrivateDir(this.deps.photosDir);
      const file = this.photoFile(sha256, kind.type);
      if (!existsSync(file)) renameSync(staged.file, file);
      return { sha256, bytes: staged.bytes, name: input.name, type: kind.type };
    } finally {
      this.deps.staging.discard(input.uploadId);
    }
  }

  photoFile(sha256: string, type: VisitPhoto['type']): string {
    return join(this.deps.photosDir, `${sha256}.${PHOTO_TYPES.find((t) => t.type === type)!.ext}`);
  }

  checkOut(input: CheckOutInput): { eventId: string } {
    const found = this.findOpenVisit(input.visitId);
    if (!found) throw new ApiError('NOT_FOUND', `No open visit ${input.visitId}: it was never checked in, or its outcome is already logged`);
    const { accountId, checkedInAt } = found;
    const detail = this.deps.detailOf(accountId);
    const language = this.deps.language();
    const missingPhoto = input.photos.find((p) => !existsSync(this.photoFile(p.sha256, p.type)));
    if (missingPhoto) throw new ApiError('VALIDATION', `Photo ${missingPhoto.name} is not on this console any more: attach it again`, [{ path: 'photos', message: 'Attach again' }]);

    const flags = checkNote(input.note, DEFAULT_PHRASE_LISTS).flags;
    if (flags.length > 0) {
      this.deps.log(accountId, { type: 'note.flagged', flags: flags.map((f) => ({ phrase: f.phrase, category: f.category })), text: input.note });
      const phrases = [...new Set(flags.map((f) => f.phrase))];
      throw new ApiError('VALIDATION', language === 'zh-CN' ? `备注含有不允许的说法：${phrases.join('、')}` : `The note has wording that is not allowed: ${phrases.join(', ')}`, [
        { path: 'note.phrases', message: phrases.join(', ') },
      ]);
    }
    const check = { now: this.deps.now().getTime(), zone: detail.account.timeZone, balanceMinor: detail.debts.reduce((s, d) => s + d.balanceMinor, 0) };
    const errors: FieldError[] = [];
    let promise: VisitOutcomeLog['promise'] = null;
    let plan: VisitOutcomeLog['plan'] = null;
    if (input.outcome === 'promise_to_pay') {
      const r = validatePromise(input.promise ?? {}, DEFAULT_WRAPUP_LIMITS.promise, check);
      if (r.ok) promise = { amountMinor: r.value.amountMinor, dueDate: r.value.dueDate };
      else errors.push(...r.errors);
    }
    if (input.outcome === 'payment_plan') {
      const r = validatePlan(input.plan ?? {}, DEFAULT_WRAPUP_LIMITS.plan, check);
      if (r.ok) plan = { totalMinor: r.value.totalMinor, frequency: r.value.frequency, instalments: r.value.instalments.map((i) => ({ amountMinor: i.amountMinor, dueDate: i.dueDate })) };
      else errors.push(...r.errors);
    }
    if (errors.length > 0) {
      const issues = errors.map((e) => ({ path: e.field, message: formatWrapupError(e, language, { currency: detail.account.currency, zone: detail.account.timeZone }) }));
      throw new ApiError('VALIDATION', issues.map((i) => i.message).join(' '), issues);
    }
    const body: VisitOutcomeLog = {
      type: 'visit.outcome', visitId: input.visitId, checkedInAt, outcome: input.outcome, promise, plan,
      note: input.note, flaggedPhrases: [], photos: input.photos,
    };
    // The photos are queued for upload in the transaction of the event naming them.
    const db = this.deps.db();
    return db.transaction(() => {
      const event = this.deps.log(accountId, body);
      for (const p of input.photos) queueUpload(db, { sha256: p.sha256, kind: 'photo', file: this.photoFile(p.sha256, p.type), bytes: p.bytes, eventId: event.id });
      return { eventId: event.id };
    })();
  }

  /** The visits to an account logged on this console, oldest first. */
  visitsOf(accountId: string): StopVisit[] {
    const visits = new Map<string, StopVisit>();
    for (const e of accountEvents(this.deps.db(), accountId)) {
      if (e.body.type === 'visit.checkin') {
        visits.set(e.body.visitId, { visitId: e.body.visitId, state: 'checked_in', checkedInAt: e.deviceTime, checkedOutAt: null, outcome: null, attendees: e.body.attendees });
      } else if (e.body.type === 'visit.outcome') {
        const v = visits.get(e.body.visitId);
        if (v) Object.assign(v, { state: 'done', checkedOutAt: e.deviceTime, outcome: e.body.outcome });
      }
    }
    return [...visits.values()];
  }

  private findOpenVisit(visitId: string): { accountId: string; checkedInAt: string } | null {
    const row = this.deps.db().prepare("SELECT account_id, device_time FROM events WHERE type = 'visit.checkin' AND json_extract(body, '$.visitId') = ?").get(visitId) as { account_id: string; device_time: string } | undefined;
    if (!row) return null;
    const closed = this.deps.db().prepare("SELECT 1 FROM events WHERE type = 'visit.outcome' AND json_extract(body, '$.visitId') = ?").get(visitId);
    return closed ? null : { accountId: row.account_id, checkedInAt: row.device_time };
  }

  private defaultRoute(routes: { date: string; accountIds: string[] }[]) {
    const firstHeld = routes.flatMap((r) => r.accountIds).find((id) => this.deps.hasAccount(id));
    // A field agent works where the debtors live: "today" is their today.
    const today = localDate(this.deps.now(), firstHeld ? this.deps.detailOf(firstHeld).account.timeZone : undefined);
    return routes.find((r) => r.date === today) ?? routes.find((r) => r.date > today) ?? routes.at(-1)!;
  }

  private stop(detail: AccountDetail, position: number, attendees: VisitAttendee[]): RouteStop {
    const visits = this.visitsOf(detail.account.id);
    const today = localDate(this.deps.now(), detail.account.timeZone);
    const latest = visits.at(-1) ?? null;
    return {
      position,
      accountId: detail.account.id,
      ref: detail.account.ref,
      debtorName: detail.parties.find((p) => p.kind === 'debtor')?.name ?? '',
      address: detail.account.address,
      timeZone: detail.account.timeZone,
      currency: detail.account.currency,
      balanceMinor: detail.debts.reduce((s, d) => s + d.balanceMinor, 0),
      daysPastDue: Math.max(0, ...detail.debts.map((d) => daysPastDue(d.dueDate, today))),
      gate: this.gate(detail, attendees),
      // Only today's visit counts for the route: an older one is history.
      visit: latest && localDate(new Date(latest.checkedInAt), detail.account.timeZone) === today ? latest : null,
    };
  }

  /** The gate for visiting now with these collectors (no collectors named: as many as the pack needs are assumed absent). */
  private gate(detail: AccountDetail, attendees: VisitAttendee[]): VisitGate {
    const pack = packFor(detail, this.deps.packs);
    const facts = Facts.parse(factsFor(detail));
    const d = evaluate(pack, facts, { channel: 'visit', party: 'debtor', debtIds: [], collectors: attendees.map((a) => a.staffId) }, this.deps.now());
    return { packId: pack.id, decision: d.decision, allowedFrom: d.decision === 'block' ? d.allowedFrom : null, reasons: d.reasons };
  }
}
