// Alerts raised by pushed events: a refused dial, an approved warning, a flagged note, and a
// contact found on arrival to break a hold (docs/presence.md "Alerts"). Details are kept small
// so an alert always fits one NOTIFY payload (under 8000 bytes).
import type { ClientEvent } from '../../shared/domain/events';
import type { Alert } from '../../shared/presence/protocol';
import type { ViolationRecord } from '../store/store';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const instant = (text: string) => new Date(Date.parse(text)).toISOString();

type DecisionReason = Extract<ClientEvent['body'], { type: 'compliance.decision' }>['reasons'][number];

/**
 * A gate reason as boards show it: the rule, and the message key and parameters the console
 * logged with it (shared/compliance/messages.ts), so the board words it as the agent read it.
 */
function reasonDetail(r: DecisionReason) {
  return {
    rule: clip(r.rule, 100), severity: r.severity,
    ...(r.messageKey ? { messageKey: clip(r.messageKey, 60) } : {}),
    ...(r.params ? {
      params: Object.fromEntries(Object.entries(r.params).slice(0, 12).map(([k, v]) => [clip(k, 40), typeof v === 'string' ? clip(v, 100) : v])),
    } : {}),
  };
}

/** Event types that can raise an alert by themselves. */
export const ALERT_EVENT_TYPES = new Set(['compliance.decision', 'compliance.override', 'note.flagged', 'callback.missed']);

export function alertsFromEvents(events: readonly ClientEvent[], violations: readonly ViolationRecord[]): Alert[] {
  const alerts: Alert[] = [];
  for (const [i, e] of events.entries()) {
    const b = e.body;
    const base = { type: 'alert' as const, agentId: e.userId, accountId: e.accountId, at: instant(e.deviceTime) };
    if (b.type === 'compliance.decision' && b.action === 'refused') {
      alerts.push({
        ...base, id: `dial_blocked:${e.id}`, kind: 'dial_blocked',
        detail: {
          eventId: e.id, decision: b.decision, phoneId: b.phoneId, packId: b.packId, allowedFrom: b.allowedFrom,
          reasons: b.reasons.slice(0, 10).map(reasonDetail),
        },
      });
    } else if (b.type === 'compliance.override') {
      // The console logs the dial's decision right after the override: its reasons word the warnings.
      const next = events[i + 1]?.body;
      const warned = next?.type === 'compliance.decision' && next.phoneId === b.phoneId ? next.reasons.slice(0, 10).map(reasonDetail) : null;
      alerts.push({
        ...base, id: `warning_overridden:${e.id}`, kind: 'warning_overridden',
        detail: {
          eventId: e.id, phoneId: b.phoneId, approvedBy: b.approvedBy, approverName: clip(b.approverName, 100),
          reason: clip(b.reason, 300), rules: b.rules.slice(0, 10).map((r) => clip(r, 100)), ...(warned ? { reasons: warned } : {}),
        },
      });
    } else if (b.type === 'callback.missed') {
      alerts.push({
        ...base, id: `callback_missed:${e.id}`, kind: 'callback_missed',
        detail: { eventId: e.id, callbackId: clip(b.callbackId, 100), dueAt: instant(b.dueAt), owner: b.owner },
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
  if (violations.length === 0) return alerts;
  // A violation by a softphone call names it, so the board can open the call's review.
  const callIds = new Map(events.map((e) => [e.id, (e.body as { callId?: unknown }).callId]));
  for (const v of violations) {
    const callId = callIds.get(v.eventId);
    alerts.push({
      type: 'alert', id: `violation:${v.eventId}:${v.holdId}`, kind: 'violation', agentId: v.userId, accountId: v.accountId, at: instant(v.deviceTime),
      detail: {
        eventId: v.eventId, eventType: v.eventType, accountRef: v.accountRef, holdId: v.holdId, holdKind: v.holdKind, rule: v.rule, foundAt: v.foundAt,
        ...(typeof callId === 'string' ? { callId: callId.slice(0, 200) } : {}),
      },
    });
  }
  return alerts;
}
