// Schema version 5: the identity checks on file for each account, as the central store sends
// them: a per-account salt and, for the date of birth and the ID or SSN last-4, a salted digest
// and a masked hint (shared/domain/identity.ts). The values themselves are never stored here.
// One JSON column: the console only ever reads the whole thing back for a call.
// The assignments cursor is cleared so the next pull brings every account again, identities
// included (accounts pulled before this version would otherwise wait for their next change).
export const version = 5;

export const sql = /* sql */ `
CREATE TABLE account_identity (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  on_file TEXT NOT NULL
) STRICT;

DELETE FROM meta WHERE key IN ('sync.cursor', 'sync.assignedDigest');
`;
