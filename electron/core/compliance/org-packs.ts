// The policy packs as this organisation runs them: the base pack tightened by the overrides
// pulled from the central store (narrower windows, lower caps, blocked dates). Rebuilt only when
// the overrides change.
import { PACKS, tighten, type Pack, type PackId } from '../../../shared/compliance';

export type PackResolver = (id: PackId) => Pack;

export const basePacks: PackResolver = (id) => PACKS[id];

export function orgPacks(readPolicy: () => { packId: string; overrides: unknown }[], onInvalid: (message: string) => void = () => undefined): PackResolver {
  let key = '';
  let built = new Map<string, Pack>();
  return (id) => {
    let policy: { packId: string; overrides: unknown }[] = [];
    try {
      policy = readPolicy();
    } catch {
      // no store (recovery screen): the base packs
    }
    const nextKey = JSON.stringify(policy);
    if (nextKey !== key) {
      key = nextKey;
      built = new Map();
      for (const p of policy) {
        if (!(p.packId in PACKS)) continue;
        try {
          built.set(p.packId, tighten(PACKS[p.packId as PackId], p.overrides));
        } catch (err) {
          // The server refuses loosening overrides; one that still fails here is ignored
          // rather than guessed at, and the base pack (never looser) applies.
          onInvalid(`Organisation policy for ${p.packId} ignored: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return built.get(id) ?? PACKS[id];
  };
}

/** The same packs, each resolved once: for a batch of decisions that must not re-read the policy per account. */
export function onceEach(packs: PackResolver): PackResolver {
  const resolved = new Map<PackId, Pack>();
  return (id) => resolved.get(id) ?? resolved.set(id, packs(id)).get(id)!;
}
