// The Node side of one lab endpoint: a typed handle that drives and observes the page script
// (window.labPhone) through page.evaluate. Debtors and agent test phones are both Phones.
import type { Page } from 'playwright-core';
import type { CallRecord, HeardTone, MediaStats, PhoneState } from './debtor/protocol';

export interface WaitOptions {
  timeoutMs?: number;
}

export class Phone {
  constructor(
    /** User part of its address of record: an agent name or an E.164 number. */
    readonly user: string,
    /** Its SIP address of record, e.g. sip:agent1@lab.fairline.test. */
    readonly uri: string,
    readonly page: Page,
  ) {}

  state(): Promise<PhoneState> {
    return this.page.evaluate(() => window.labPhone.state());
  }

  /** Every call it saw, oldest first, with timings. */
  async calls(): Promise<CallRecord[]> {
    return (await this.state()).calls;
  }

  async lastCall(): Promise<CallRecord | undefined> {
    return (await this.calls()).at(-1);
  }

  /** Places a call to a number or SIP URI (`headers` on the INVITE); resolves with the call's id once it is sent. */
  call(target: string, headers: Record<string, string> = {}): Promise<string> {
    return this.page.evaluate(([t, h]) => window.labPhone.call(t, h), [target, headers] as const);
  }

  answer(callId?: string): Promise<void> {
    return this.page.evaluate((id) => window.labPhone.answer(id), callId);
  }

  /** Hangs up (BYE), cancels (CANCEL) or declines (486), whichever fits the call's state. */
  hangup(callId?: string): Promise<void> {
    return this.page.evaluate((id) => window.labPhone.hangup(id), callId);
  }

  /** Sends digits in the current call as RFC 4733 telephone-events (default) or SIP INFO. */
  sendDtmf(digits: string, via: 'rfc4733' | 'info' = 'rfc4733', callId?: string): Promise<void> {
    return this.page.evaluate(([d, v, id]) => window.labPhone.sendDtmf(d, v, id), [digits, via, callId] as const);
  }

  /** The digits received in a call (default: the latest), in order, however they came. */
  async receivedDtmf(callId?: string): Promise<string> {
    const calls = await this.calls();
    const call = callId ? calls.find((c) => c.id === callId) : calls.at(-1);
    return (call?.dtmf ?? []).map((d) => d.digit).join('');
  }

  /** getStats of the current call (or the last snapshot of an ended one). */
  stats(callId?: string): Promise<MediaStats | null> {
    return this.page.evaluate((id) => window.labPhone.stats(id), callId);
  }

  /** Steady tones heard in the call, loudest-longest first. */
  heard(callId?: string): Promise<HeardTone[]> {
    return this.page.evaluate((id) => window.labPhone.heard(id), callId);
  }

  /** Whether a tone within 15 Hz of `hz` was heard for at least `minMs`. */
  async hears(hz: number, minMs = 300, callId?: string): Promise<boolean> {
    return (await this.heard(callId)).some((t) => Math.abs(t.hz - hz) <= 15 && t.ms >= minMs);
  }

  /** Transfers a call (default: the latest): blind to `target` (a user, number or SIP URI),
   *  or attended when `target` is the id of another of its calls: REFER with Replaces to that
   *  call's far end. Resolves with the final status the far end reported (0: REFER refused). */
  transfer(target: string, callId?: string): Promise<number> {
    return this.page.evaluate(([t, id]) => window.labPhone.transfer(t, id), [target, callId] as const);
  }

  /** The dominant tone over the last second, or null. */
  toneNow(callId?: string): Promise<number | null> {
    return this.page.evaluate((id) => window.labPhone.toneNow(id), callId);
  }

  /** Waits until it is registered, with a REGISTER accepted after `since` (epoch ms) if
   *  given: after a proxy restart, an old registration does not count. */
  async waitForRegistered(options: WaitOptions & { since?: number } = {}): Promise<void> {
    const since = options.since ?? 0;
    await waitFor(async () => {
      const state = await this.state();
      return state.registered && (state.registeredAt ?? 0) >= since;
    }, `${this.user} to register`, options);
  }

  /** Waits for a call matching `match` (default: any call) and returns it. */
  async waitForCall(match: (call: CallRecord) => boolean = () => true, options: WaitOptions = {}, what = 'a matching call'): Promise<CallRecord> {
    return waitFor(async () => (await this.calls()).find(match), `${this.user}: ${what}`, options);
  }

  /** Waits until the call with `callId` reaches `state` and returns it. */
  waitForState(callId: string, state: CallRecord['state'], options: WaitOptions = {}): Promise<CallRecord> {
    return this.waitForCall((c) => c.id === callId && c.state === state, options, `call ${callId} ${state}`);
  }

  /** Unregisters and stops the endpoint; the page stays open (its owner closes it). */
  async stopEndpoint(timeoutMs = 3000): Promise<void> {
    await Promise.race([
      this.page.evaluate(() => window.labPhone.stop()).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, timeoutMs)),
    ]);
  }
}

/** Polls `check` every 50 ms until it returns something truthy. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what: string, { timeoutMs = 10_000 }: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
