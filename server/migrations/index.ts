// Every schema version, in order. Listed statically (not read from the folder) so the
// migrator works the same under tsx, vitest and a bundled build.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_buckets';
import * as m0003 from './0003_blobs';
import * as m0004 from './0004_visit_routes';
import * as m0005 from './0005_past_assignments';
import * as m0006 from './0006_call_reviews';
import * as m0007 from './0007_monitor';
import * as m0008 from './0008_presence_state_times';
import * as m0009 from './0009_security';
import * as m0011 from './0011_monitor_addresses';
import * as m0012 from './0012_messaging';
import * as m0013 from './0013_device_wipe';
import * as m0014 from './0014_audit_chain';
import * as m0015 from './0015_retention';
import * as m0016 from './0016_channel_opt_out_holds';
import * as m0017 from './0017_letters';
import * as m0018 from './0018_complaints';
import * as m0019 from './0019_complaint_settings';
import * as m0020 from './0020_identity_on_file';
import * as m0021 from './0021_ladder';
import * as m0022 from './0022_agencies';
import * as m0023 from './0023_audit_pending';
import * as m0024 from './0024_holds_version_by_owner';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_buckets': m0002,
  '0003_blobs': m0003,
  '0004_visit_routes': m0004,
  '0005_past_assignments': m0005,
  '0006_call_reviews': m0006,
  '0007_monitor': m0007,
  '0008_presence_state_times': m0008,
  '0009_security': m0009,
  '0011_monitor_addresses': m0011,
  '0012_messaging': m0012,
  '0013_device_wipe': m0013,
  '0014_audit_chain': m0014,
  '0015_retention': m0015,
  '0016_channel_opt_out_holds': m0016,
  '0017_letters': m0017,
  '0018_complaints': m0018,
  '0019_complaint_settings': m0019,
  '0020_identity_on_file': m0020,
  '0021_ladder': m0021,
  '0022_agencies': m0022,
  '0023_audit_pending': m0023,
  '0024_holds_version_by_owner': m0024,
};
