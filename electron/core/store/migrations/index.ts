import * as m0001 from './0001_initial';
import * as m0002 from './0002_central_data';

/** One entry per schema version, in order. Never edit a shipped migration: add the next one. */
export const migrations: readonly { version: number; sql: string }[] = [m0001, m0002];
