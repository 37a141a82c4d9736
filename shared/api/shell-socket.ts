// How a browser-shell page proves itself on the core's WebSocket. A browser cannot set headers
// on a WebSocket, but it can offer subprotocols (the Sec-WebSocket-Protocol request header):
// the page offers the shell's protocol and a second one carrying this run's token, so the
// token never appears in a URL (nor in a log line that records URLs). The shell answers with
// the plain protocol, never echoing the token.
export const SHELL_PROTOCOL = 'fairline';
const TOKEN_PREFIX = 'fairline-token.';

/** The subprotocols a page offers: base64url tokens are valid protocol names (RFC 6455 4.1). */
export function shellProtocols(token: string): string[] {
  return [SHELL_PROTOCOL, `${TOKEN_PREFIX}${token}`];
}

/** The token a Sec-WebSocket-Protocol header carries, or null. */
export function tokenFromProtocols(header: string | undefined): string | null {
  if (!header) return null;
  for (const offered of header.split(',')) {
    const p = offered.trim();
    if (p.startsWith(TOKEN_PREFIX)) return p.slice(TOKEN_PREFIX.length);
  }
  return null;
}
