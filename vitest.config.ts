import { defineConfig } from 'vitest/config';
import { useRunTmpdir } from './test/support/run-tmpdir';

// Workers and the programs tests start inherit it: nothing is left in the system's temp directory.
useRunTmpdir('test');

// One seed for a whole reliability run, printed by each test; set it to replay a run.
const reliabilitySeed = process.env.FAIRLINE_RELIABILITY_SEED || String(Math.floor(Math.random() * 2 ** 31));

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['test/shared/**/*.test.ts'], environment: 'node' } },
      // Core and server tests start real servers and sync whole portfolios, and every sign-in
      // runs a memory-hard password hash on each side at production cost: seconds each on a busy machine.
      { test: { name: 'electron', include: ['test/electron/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'renderer', include: ['test/renderer/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/lab/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          env: { FAIRLINE_RELIABILITY_SEED: reliabilitySeed },
        },
      },
    ],
  },
});
