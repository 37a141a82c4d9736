// The seed's only source of randomness: two faker instances with fixed seeds. faker keeps its
// state per module instance, so a seed run must reseed first and then generate everything
// synchronously (no await in between) to be reproducible.
import { faker as fakerUS } from '@faker-js/faker/locale/en_US';
import { faker as fakerCN } from '@faker-js/faker/locale/zh_CN';

export { fakerCN, fakerUS };

const SEED = 20_240_601;

export function reseed(): void {
  fakerUS.seed(SEED);
  fakerCN.seed(SEED + 1);
}

export const rng = {
  int: (min: number, max: number): number => fakerUS.number.int({ min, max }),
  chance: (probability: number): boolean => fakerUS.datatype.boolean({ probability }),
  pick: <T>(items: readonly T[]): T => fakerUS.helpers.arrayElement(items),
  weighted: <T>(items: readonly (readonly [T, number])[]): T =>
    fakerUS.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight }))),
  shuffle: <T>(items: readonly T[]): T[] => fakerUS.helpers.shuffle([...items]),
  digits: (length: number): string => fakerUS.string.numeric({ length, allowLeadingZeros: true }),
  uuid: (): string => fakerUS.string.uuid(),
};
