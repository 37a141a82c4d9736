// One account's texts and emails as the core last had them from the central server, shared by
// the opt-out banners and the messages panel: one poll per open account, kept across the account
// view's reloads so nothing flickers. Delivery receipts and replies reach the server at any time;
// the console asks again every few seconds while the account is open, and at once after a send.
import { useEffect, useState } from 'react';
import type { FairlineApi } from '../../shared/api/contract';
import type { AccountMessages } from '../../shared/messaging/console';

const POLL_MS = 5_000;

interface Entry {
  value: AccountMessages | null;
  listeners: Set<(v: AccountMessages) => void>;
  timer: ReturnType<typeof setInterval> | null;
  api: FairlineApi;
}

const entries = new Map<string, Entry>();

async function ask(accountId: string): Promise<void> {
  const entry = entries.get(accountId);
  if (!entry) return;
  try {
    const value = await entry.api.invoke('messages.account', { accountId });
    entry.value = value;
    for (const l of entry.listeners) l(value);
  } catch {
    // Locked, signed out or the account taken away: the last answer stays on screen.
  }
}

/** Ask the core again now (after a send). */
export function refreshAccountMessages(accountId: string): Promise<void> {
  return ask(accountId);
}

/** What changes when the timeline should be read again: a message, a state, a reply. */
export function messagesSignature(m: AccountMessages | null): string {
  if (!m) return '';
  return [...m.messages.map((x) => `${x.id}:${x.status}:${x.events.length}`), ...m.loose.map((e) => e.id), ...m.optOuts.map((o) => `${o.channel}:${o.address}`)].join('|');
}

export function useAccountMessages(api: FairlineApi, accountId: string): AccountMessages | null {
  const [value, setValue] = useState<AccountMessages | null>(() => entries.get(accountId)?.value ?? null);
  useEffect(() => {
    let entry = entries.get(accountId);
    if (!entry) entries.set(accountId, (entry = { value: null, listeners: new Set(), timer: null, api }));
    entry.api = api;
    const listener = (v: AccountMessages) => setValue(v);
    entry.listeners.add(listener);
    if (entry.value) setValue(entry.value);
    if (!entry.timer) {
      void ask(accountId);
      entry.timer = setInterval(() => void ask(accountId), POLL_MS);
    }
    return () => {
      const e = entries.get(accountId);
      if (!e) return;
      e.listeners.delete(listener);
      // The account view reloads by unmounting: stop only when nobody comes back soon.
      setTimeout(() => {
        if (e.listeners.size === 0 && e.timer) {
          clearInterval(e.timer);
          e.timer = null;
        }
      }, 1_000);
    };
  }, [api, accountId]);
  return value;
}
