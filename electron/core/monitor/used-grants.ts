// The monitor grants this console has admitted (docs/monitor.md "Admission"): a grant is
// admitted once, and stays used across restarts of the console. Kept in the local store with
// the time until which a replay could still verify (the grant's expiry plus the clock
// tolerance), after which the signature check refuses it anyway and the entry is pruned.
import { z } from 'zod';

export const UsedGrant = z.object({ jti: z.string().min(1).max(200), until: z.number().int() }).strict();
export type UsedGrant = z.infer<typeof UsedGrant>;
export const UsedGrantList = z.array(UsedGrant).max(100_000);

/** Where the list lives (the local store's meta table in the console). */
export interface UsedGrantStorage {
  read(): UsedGrant[] | undefined;
  write(entries: UsedGrant[]): void;
}

/** Kept at least this long after use, whatever the grant's expiry says (a clock set back must not reopen it). */
const MIN_KEEP_MS = 10 * 60_000;

export class UsedGrants {
  constructor(private readonly storage: UsedGrantStorage, private readonly now: () => Date) {}

  has(jti: string): boolean {
    const at = this.now().getTime();
    return (this.storage.read() ?? []).some((e) => e.jti === jti && e.until > at);
  }

  /** Records the grant as used, until `expiresAtMs`; written before the console lets the lead in. */
  use(jti: string, expiresAtMs: number): void {
    const at = this.now().getTime();
    const kept = (this.storage.read() ?? []).filter((e) => e.until > at && e.jti !== jti);
    kept.push({ jti, until: Math.max(expiresAtMs, at + MIN_KEEP_MS) });
    this.storage.write(kept);
  }
}
