// Schema version 1. Server-owned tables are replaced by sync and never written by the agent;
// events are append-only (triggers refuse UPDATE and DELETE); account_summary is the queue's
// derived row per account (from accounts + debts + holds), rebuilt whenever those change and
// never edited on its own, so the queue reads one table.
export const version = 1;

export const sql = /* sql */ `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  ref TEXT NOT NULL,
  region TEXT NOT NULL CHECK (region IN ('CN', 'US')),
  currency TEXT NOT NULL,
  debtor_name TEXT NOT NULL,
  address TEXT NOT NULL,
  province TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  assigned_to TEXT,
  team_id TEXT
) STRICT;

CREATE TABLE debts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  lender TEXT NOT NULL,
  product TEXT NOT NULL,
  principal_minor INTEGER NOT NULL,
  fees_minor INTEGER NOT NULL,
  balance_minor INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  stage TEXT NOT NULL
) STRICT;
CREATE INDEX debts_account ON debts(account_id);

CREATE TABLE parties (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  relation TEXT NOT NULL,
  name TEXT NOT NULL
) STRICT;
CREATE INDEX parties_account ON parties(account_id);

CREATE TABLE phones (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  party_id TEXT NOT NULL,
  number TEXT NOT NULL,
  type TEXT NOT NULL,
  consent TEXT NOT NULL,
  time_zone TEXT
) STRICT;
CREATE INDEX phones_account ON phones(account_id);
CREATE INDEX phones_number ON phones(number);

CREATE TABLE holds (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  party_id TEXT,
  phone_id TEXT,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  effective_at TEXT NOT NULL,
  lifted_at TEXT
) STRICT;
CREATE INDEX holds_account ON holds(account_id);

CREATE TABLE history (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  result TEXT NOT NULL,
  amount_minor INTEGER,
  due_date TEXT,
  note TEXT NOT NULL
) STRICT;
CREATE INDEX history_account ON history(account_id, at);

CREATE TABLE account_summary (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  debtor_name TEXT NOT NULL,
  region TEXT NOT NULL,
  currency TEXT NOT NULL,
  province TEXT NOT NULL,
  oldest_due_date TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  stage TEXT NOT NULL,
  debt_count INTEGER NOT NULL,
  lenders TEXT NOT NULL,
  active_holds TEXT NOT NULL,
  search_text TEXT NOT NULL
) STRICT;
CREATE INDEX account_summary_due ON account_summary(oldest_due_date, account_id);
CREATE INDEX account_summary_region_due ON account_summary(region, oldest_due_date, account_id);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  account_id TEXT,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  device_time TEXT NOT NULL
) STRICT;
CREATE INDEX events_account ON events(account_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY REFERENCES events(seq)
) STRICT;
`;
