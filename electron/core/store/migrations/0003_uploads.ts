// Schema version 3: files waiting to go up to the central server beside the events that name
// them (call recordings; visit photos to come), by the SHA-256 of their bytes (docs/sync.md
// "Uploads"). A row is added in the transaction of the event naming the file, and stays until
// the server confirms the file stored (uploaded_at) or the file is found missing or changed
// (failed_at: not tried again). Recordings named by events logged before this version are
// added from those events here.
export const version = 3;

export const sql = /* sql */ `
CREATE TABLE uploads (
  sha256 TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('recording', 'photo')),
  file TEXT NOT NULL,
  bytes INTEGER,
  event_id TEXT NOT NULL REFERENCES events(id),
  uploaded_at TEXT,
  tried_at TEXT,
  error TEXT,
  failed_at TEXT
) STRICT;
CREATE INDEX uploads_waiting ON uploads(kind) WHERE uploaded_at IS NULL AND failed_at IS NULL;

INSERT OR IGNORE INTO uploads (sha256, kind, file, bytes, event_id)
  SELECT json_extract(body, '$.recording.sha256'), 'recording', json_extract(body, '$.recording.file'), NULL, id
  FROM events
  WHERE type = 'call.attempt' AND json_extract(body, '$.recording.sha256') IS NOT NULL
  ORDER BY seq;
`;
