// Keeps the phone registered, whatever the proxy does:
// - the WebSocket dropped (proxy killed or restarted): reconnect, then REGISTER;
// - a REGISTER refused or timed out, on a live socket too: REGISTER again;
// - the registration ran out (a refresh failed): REGISTER again;
// - the proxy hangs (its process stopped, the socket open): a keep-alive OPTIONS every
//   KEEPALIVE_MS that gets no answer in PROBE_TIMEOUT_MS shows the phone offline (so a hung proxy
//   shows within KEEPALIVE_MS + PROBE_TIMEOUT_MS), and probes go on until one is answered; then
//   REGISTER at once.
// Every retry waits a jittered, growing delay (backoff.ts), capped so the phone is registered
// again within a few seconds of the proxy answering. Registrations are refreshed at half their
// lifetime, well before they expire.
import { type Core, Registerer, RegistererState, type UserAgent } from 'sip.js';
import { backoffDelay, RETRY } from './backoff';

/** Offline, and why: the socket dropped, the registrar refused or let the registration lapse, or the proxy hangs. */
export type OfflineCause = 'disconnected' | 'refused' | 'expired' | 'hung';
export type Registration = { state: 'off' } | { state: 'connecting' } | { state: 'registered' } | { state: 'offline'; reason: string; cause: OfflineCause };

export const KEEPALIVE_MS = 10_000;
export const PROBE_TIMEOUT_MS = 3_000;

export interface KeeperOptions {
  expires: number;
  keepaliveMs?: number;
  probeTimeoutMs?: number;
  report(registration: Registration): void;
}

export class RegistrationKeeper {
  private registerer: Registerer;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setTimeout> | null = null;
  private probing = false;
  private hung = false;
  private state: Registration = { state: 'connecting' };

  constructor(private readonly ua: UserAgent, private readonly options: KeeperOptions) {
    this.registerer = this.makeRegisterer();
  }

  get current(): Registration {
    return this.state;
  }

  /** The WebSocket is up: REGISTER now, and keep the line watched. */
  connected(): void {
    if (this.stopped) return;
    this.hung = false;
    this.clearRetry();
    this.register();
    this.scheduleKeepalive(this.options.keepaliveMs ?? KEEPALIVE_MS);
  }

  /** The WebSocket dropped: offline, and reconnect after a jittered delay. */
  disconnected(reason: string): void {
    if (this.stopped) return;
    this.report({ state: 'offline', reason, cause: 'disconnected' });
    this.clearKeepalive();
    this.retry(() => void this.ua.reconnect().catch(() => {
      if (!this.ua.isConnected()) this.disconnected(reason);
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    this.clearKeepalive();
    if (this.registerer.state === RegistererState.Registered && !waiting(this.registerer)) {
      await this.registerer.unregister().catch(() => undefined);
    }
  }

  private makeRegisterer(): Registerer {
    // Refreshed at half the granted lifetime (sip.js's default is 99 %: one lost refresh and it lapses).
    const registerer = new Registerer(this.ua, { expires: this.options.expires, refreshFrequency: 50 });
    registerer.stateChange.addListener((state) => {
      if (registerer !== this.registerer) {
        // A REGISTER given up on (the proxy hung) may still be answered: its refresh timers must not run.
        if (state === RegistererState.Registered) clearTimers(registerer);
        return;
      }
      if (state === RegistererState.Registered) this.registered();
      // Refused, timed out, or expired without a refresh: try again.
      if (state === RegistererState.Unregistered && !this.stopped) {
        // A REGISTER on the wire when it happened: a refresh was refused (or timed out); else the registration lapsed.
        if (this.state.state === 'registered') {
          this.report(waiting(registerer) ? { state: 'offline', reason: 'REGISTER refused', cause: 'refused' } : { state: 'offline', reason: 'not registered', cause: 'expired' });
        }
        this.retry(() => this.register());
      }
    });
    return registerer;
  }

  private register(): void {
    if (this.stopped || !this.ua.isConnected()) return;
    // A REGISTER still waiting for an answer (sent to a proxy that hung) would block every new
    // one for 32 s: leave it, and register afresh.
    if (waiting(this.registerer)) this.registerer = this.makeRegisterer();
    if (this.state.state !== 'registered' && this.state.state !== 'offline') this.report({ state: 'connecting' });
    void this.registerer.register({
      requestDelegate: {
        // After a reconnect the registerer may already be in Registered (no state change to
        // hear about), so the 200 itself is what says "registered".
        onAccept: () => this.registered(),
        // Refused (or timed out): say why, and try again after the next jittered delay.
        onReject: (response) => {
          this.report({ state: 'offline', reason: `${response.message.statusCode} ${response.message.reasonPhrase}`, cause: 'refused' });
          this.retry(() => this.register());
        },
      },
    }).catch(() => undefined);
  }

  private registered(): void {
    this.attempt = 0;
    this.hung = false;
    this.clearRetry();
    this.report({ state: 'registered' });
  }

  private retry(action: () => void): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++, RETRY);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) action();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleKeepalive(ms: number): void {
    this.clearKeepalive();
    this.keepaliveTimer = setTimeout(() => void this.keepalive(), ms);
  }

  private clearKeepalive(): void {
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  /** One OPTIONS to the registrar. Any answer, even an error status, says the proxy is alive. */
  private async keepalive(): Promise<void> {
    this.keepaliveTimer = null;
    if (this.stopped || !this.ua.isConnected() || this.probing) return;
    this.probing = true;
    const answered = await this.probe();
    this.probing = false;
    if (this.stopped || !this.ua.isConnected()) return;
    if (answered) {
      if (this.hung || this.state.state !== 'registered') {
        this.hung = false;
        this.attempt = 0;
        this.clearRetry();
        this.register();
      }
      this.scheduleKeepalive(this.options.keepaliveMs ?? KEEPALIVE_MS);
      return;
    }
    this.hung = true;
    this.report({ state: 'offline', reason: `no answer to OPTIONS in ${(this.options.probeTimeoutMs ?? PROBE_TIMEOUT_MS) / 1000} s`, cause: 'hung' });
    // Probe again soon, with the same backoff as every retry.
    this.scheduleKeepalive(backoffDelay(this.attempt++, RETRY));
  }

  private probe(): Promise<boolean> {
    const core = this.ua.userAgentCore;
    const target = this.ua.configuration.uri.clone();
    target.user = undefined;
    const message = core.makeOutgoingRequestMessage('OPTIONS', target, this.ua.configuration.uri, target, {});
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), this.options.probeTimeoutMs ?? PROBE_TIMEOUT_MS);
      let settled = false;
      const done = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ok);
      };
      const delegate: Core.OutgoingRequestDelegate = {
        // A locally made 408 (transaction timeout) or 503 (transport error) is no answer from the proxy.
        onAccept: () => done(true),
        onReject: (response) => done(![408, 503].includes(response.message.statusCode ?? 0) || response.message.getHeader('via') !== undefined),
        onRedirect: () => done(true),
        onProgress: () => done(true),
        onTrying: () => done(true),
      };
      try {
        core.request(message, delegate);
      } catch {
        done(false);
      }
    });
  }

  private report(registration: Registration): void {
    if (this.stopped && registration.state !== 'off') return;
    const same = registration.state === this.state.state && (registration.state !== 'offline' || this.state.state === 'offline' && this.state.reason === registration.reason);
    this.state = registration;
    if (!same) this.options.report(registration);
  }
}

/** Stops a given-up registerer's refresh and expiry timers (sip.js keeps them private). */
function clearTimers(registerer: Registerer): void {
  (registerer as unknown as { clearTimers?: () => void }).clearTimers?.();
}

/** Whether a REGISTER is on the wire without a final answer (sip.js's typings keep it private). */
function waiting(registerer: Registerer): boolean {
  return (registerer as unknown as { waiting: boolean }).waiting;
}
