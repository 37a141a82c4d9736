// Schema version 2: server-owned talk tracks and organisation policy, pulled in their own
// buckets (docs/sync.md). Like the portfolio tables, written only by sync.
export const version = 2;

export const sql = /* sql */ `
CREATE TABLE talk_tracks (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE policy (
  pack_id TEXT PRIMARY KEY,
  overrides TEXT NOT NULL,
  version INTEGER NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
`;
