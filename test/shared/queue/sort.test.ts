// The id ordering behind ties and lookups must be exactly the order of `<` on strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortSlotsById } from '../../../shared/queue/sort';

function check(ids: string[]): void {
  const slots = Int32Array.from(ids.keys());
  sortSlotsById(slots, ids);
  const expected = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  expect(Array.from(slots, (s) => ids[s])).toEqual(expected);
}

describe('sortSlotsById', () => {
  it('orders like < on strings: shared prefixes, ended strings, non-ASCII, long runs', () => {
    check([]);
    check(['b', 'a']);
    check(['acc-10', 'acc-9', 'acc-1', 'acc-', 'acc-100', 'acc-0']);
    check(['账户-2', '账户-10', 'z', 'Ω', '\u00ff', '\u0100', 'é', 'e']);
    check(Array.from({ length: 5_000 }, (_, i) => `acc-${String((i * 7919) % 5_000).padStart(6, '0')}`));
    check(Array.from({ length: 3_000 }, (_, i) => `same-prefix-that-is-long-${(i * 104_729) % 3_001}`));
  });

  // Two properties of 100 runs each over arrays of up to 300 strings: seconds on a loaded machine.
  it('for any strings', { timeout: 30_000 }, () => {
    const str = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', 'a', 'ab', 'abc'));
    fc.assert(fc.property(fc.uniqueArray(str, { maxLength: 200 }), check));
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 30, maxLength: 300 }), check));
  });
});
