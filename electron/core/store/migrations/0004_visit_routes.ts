// Schema version 4: the field agent's visit routes, one row per day, pulled whole in the routes
// bucket (docs/sync.md). Visits themselves are events (visit.checkin, visit.outcome).
export const version = 4;

export const sql = /* sql */ `
CREATE TABLE visit_routes (
  route_date TEXT PRIMARY KEY,
  account_ids TEXT NOT NULL,
  version INTEGER NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
`;
