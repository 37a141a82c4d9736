// Answers the proxy's digest challenge ahead of time on INVITEs (RFC 3261 22.3: a UA should
// cache the credentials it gave a realm and send them again on later requests). Without it
// every call starts with a round trip for nothing: INVITE, 407, ACK, INVITE again. The first
// INVITE's challenge is kept; later INVITEs carry credentials for it from the start. A proxy
// that no longer takes them (its nonce expired) challenges again as before, and sip.js answers
// that challenge as usual, which is kept in turn.
import type { Core, UserAgent } from 'sip.js';

interface Digest {
  authenticate(request: Core.OutgoingRequestMessage, challenge: unknown, body?: string): boolean;
  toString(): string;
}

export class ProxyCredentials {
  private kept: { digest: Digest; challenge: unknown; header: 'proxy-authorization' | 'authorization' } | null = null;

  /** Watches the challenges sip.js answers for this user agent. */
  constructor(ua: UserAgent) {
    const configuration = ua.userAgentCore.configuration;
    const make = configuration.authenticationFactory;
    configuration.authenticationFactory = () => {
      const digest = make() as Digest | undefined;
      if (!digest) return digest;
      const authenticate = digest.authenticate.bind(digest);
      digest.authenticate = (request, challenge, body) => {
        const ok = authenticate(request, challenge, body);
        if (ok && request.method === 'INVITE') {
          // sip.js sets the header right after this returns: see which one it was.
          queueMicrotask(() => {
            const header = request.getHeader('proxy-authorization') ? 'proxy-authorization' : request.getHeader('authorization') ? 'authorization' : null;
            this.kept = header ? { digest, challenge, header } : null;
          });
        }
        return ok;
      };
      return digest as never;
    };
  }

  /** Puts credentials for the kept challenge on a new INVITE, if there is one. */
  apply(request: Core.OutgoingRequestMessage): void {
    const kept = this.kept;
    if (!kept || request.method !== 'INVITE') return;
    if (kept.digest.authenticate(request, kept.challenge)) request.setHeader(kept.header, kept.digest.toString());
  }

  forget(): void {
    this.kept = null;
  }
}

