// The screen's gate, as received, and whether it lets a phone be dialled at the click with the
// core's check (dial.authorize) asked alongside instead of first (see ALLOWED_AHEAD_MS in
// electron/core/compliance/dial-handlers.ts).
import type { AccountGate } from '../../../shared/api/contract';

export interface ScreenGate extends AccountGate {
  /** performance.now() when it arrived: the look-ahead runs from there, on the renderer's own clock. */
  receivedAt: number;
}

export function dialableAhead(gate: ScreenGate | null, phoneId: string, now = performance.now()): boolean {
  const ahead = gate?.allowedAhead;
  return !!gate && !!ahead && ahead.phoneIds.includes(phoneId) && now - gate.receivedAt < ahead.forMs;
}
