import * as m0001 from './0001_initial';

/** One entry per schema version, in order. Never edit a shipped migration: add the next one. */
export const migrations: readonly { version: number; sql: string }[] = [m0001];
