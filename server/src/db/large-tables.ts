// The one list of large per-unit tables (Citus distributed by region_id). A test checks each follows the rules.
export const largeTables = [
  'people',
  'audit_log',
  'donation_orders',
  'donations',
  'fund_entries',
  'fund_lots',
  'payouts',
  'payout_spends',
  'goods_lots',
  'goods_movements',
  'goods_stock',
  'goods_write_offs',
  'donation_reversals',
  'receipt_requests',
  'fiscal_receipts',
  'donor_consents',
  'fund_allocations',
  'allocation_moves',
] as const;

/** Tables kept on the coordinator in a Citus deployment (queues, sessions, the transparency log). */
export const coordinatorTables = [
  'jobs',
  'outbox_messages',
  'sessions',
  'otp_codes',
  'org_imports',
  'gift_imports',
  'public_accounts',
  'ledger_entries',
  'ledger_state',
  'ledger_checkpoints',
  'ledger_tiles',
  'ledger_cosignatures',
  'payment_notifications',
  'payment_statements',
  'stored_files',
  'fiscal_receipt_counters',
] as const;

/** Small, read-mostly catalogues (Citus reference tables): nothing in them references a large table. */
export const referenceTables = [
  'orgs',
  'org_code_history',
  'roles',
  'grants',
  'users',
  'donation_projects',
  'funds',
  'disclosures',
  'goods_warehouses',
] as const;
