// The one list of large per-unit tables (Citus distributed by region_id). A test checks each follows the rules.
export const largeTables = ['people', 'audit_log'] as const;

/** Tables kept on the coordinator in a Citus deployment (queues, sessions, the transparency log). */
export const coordinatorTables = [
  'jobs',
  'outbox_messages',
  'sessions',
  'otp_codes',
  'org_imports',
  'public_accounts',
  'ledger_entries',
  'ledger_state',
  'ledger_checkpoints',
] as const;
