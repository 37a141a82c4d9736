// Row types of the local store, for the Kysely query builder.
export interface LocalDb {
  meta: { key: string; value: string };
  accounts: {
    id: string; ref: string; region: string; currency: string; debtor_name: string; address: string;
    province: string; postal_code: string; time_zone: string; assigned_to: string | null; team_id: string | null;
  };
  /** The identity checks on file: IdentityOnFile as JSON (digests and hints, never the values). */
  account_identity: { account_id: string; on_file: string };
  debts: {
    id: string; account_id: string; lender: string; product: string; principal_minor: number;
    fees_minor: number; balance_minor: number; due_date: string; stage: string;
  };
  parties: { id: string; account_id: string; kind: string; relation: string; name: string };
  phones: { id: string; account_id: string; party_id: string; number: string; type: string; consent: string; time_zone: string | null };
  holds: {
    id: string; account_id: string; party_id: string | null; phone_id: string | null; kind: string;
    note: string; effective_at: string; lifted_at: string | null;
  };
  history: {
    id: string; account_id: string; at: string; kind: string; actor: string; result: string;
    amount_minor: number | null; due_date: string | null; note: string;
  };
  account_summary: {
    account_id: string; ref: string; debtor_name: string; region: string; currency: string; province: string; oldest_due_date: string; balance_minor: number; stage: string; debt_count: number;
    lenders: string; active_holds: string; search_text: string;
  };
  events: { seq: number; id: string; user_id: string; account_id: string | null; type: string; body: string; device_time: string };
  outbox: { seq: number };
}
