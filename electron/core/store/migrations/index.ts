import * as m0001 from './0001_initial';
import * as m0002 from './0002_central_data';
import * as m0003 from './0003_uploads';
import * as m0004 from './0004_visit_routes';
import * as m0005 from './0005_identity_on_file';

/** One entry per schema version, in order. Never edit a shipped migration: add the next one. */
export const migrations: readonly { version: number; sql: string }[] = [m0001, m0002, m0003, m0004, m0005];
