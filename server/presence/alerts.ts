// Alerts raised by pushed events: a refused dial, an approved warning, a flagged note, and a
// contact found on arrival to break a hold (docs/presence.md "Alerts"). Details are kept small
// so an alert always fits one NOTIFY payload (under 8000 bytes).
import type { ClientEvent } from '../../shared/domain/events';
import type { Alert } from '../../shared/presence/protocol';
import type { ViolationRecord } from '../store/store';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const instant = (text: string) => new Date(Date.parse(text)).toISOString();

/** Event types that can raise an alert by themselves. */
export const ALERT_EVENT_TYPES = new Set(['compliance.decision', 'compliance.override', 'note.flagged']);

export function alertsFromEvents(events: readonly ClientEvent[], violations: readonly ViolationRecord[]): Alert[] {
  const alerts: Alert[] = [];
  for (const e of events) {
    const b = e.body;
    const base = { type: 'alert' as const, agentId: e.userId, accountId: e.accountId, at: instant(e.deviceTime) };
    if (b.type === 'compliance.decision' && b.action === 'refused') {
      alerts.push({
        ...base, id: `dial_blocked:${e.id}`, kind: 'dial_blocked',
        detail: {
          eventId: e.id, decision: b.decision, phoneId: b.phoneId, packId: b.packId, allowedFrom: b.allowedFrom,
          reasons: b.reasons.slice(0, 10).map((r) => ({ rule: clip(r.rule, 100), severity: r.severity })),
        },
      });
    } else if (b.type === 'compliance.override') {
      alerts.push({
        ...base, id: `warning_overridden:${e.id}`, kind: 'warning_overridden',
        detail: {
          eventId: e.id, phoneId: b.phoneId, approvedBy: b.approvedBy, approverName: clip(b.approverName, 100),
          reason: clip(b.reason, 300), rules: b.rules.slice(0, 10).map((r) => clip(r, 100)),
        },
      });
    } else if (b.type === 'note.flagged') {
      alerts.push({
        ...base, id: `note_flagged:${e.id}`, kind: 'note_flagged',
        detail: {
          eventId: e.id, text: clip(b.text, 300),
          flags: b.flags.slice(0, 10).map((f) => ({ phrase: clip(f.phrase, 100), category: clip(f.category, 40) })),
        },
      });
    }
  }
  for (const v of violations) {
    alerts.push({
      type: 'alert', id: `violation:${v.eventId}:${v.holdId}`, kind: 'violation', agentId: v.userId, accountId: v.accountId, at: instant(v.deviceTime),
      detail: { eventId: v.eventId, eventType: v.eventType, accountRef: v.accountRef, holdId: v.holdId, holdKind: v.holdKind, rule: v.rule, foundAt: v.foundAt },
    });
  }
  return alerts;
}
