import type { Hold } from '../../../shared/domain/portfolio';

/** Holds in force at `now`: started, and not lifted yet. */
export function activeHolds(holds: Hold[], now: number): Hold[] {
  return holds.filter((hold) => Date.parse(hold.effectiveAt) <= now && (hold.liftedAt === null || Date.parse(hold.liftedAt) > now));
}
