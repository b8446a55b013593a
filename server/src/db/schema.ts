// Every table of the schema, re-exported for Drizzle and drizzle-kit. Only repos import tables.
export * from '../modules/donations/donations.tables';
export * from '../modules/goods/goods.tables';
export * from '../modules/grievances/grievances.tables';
export * from '../modules/ledger/ledger.tables';
export * from '../modules/mutualaid/mutualaid.tables';
export * from '../modules/orgs/orgs.tables';
export * from '../modules/people/people.tables';
export * from '../modules/receipts/receipts.tables';
export * from '../modules/relief/relief.tables';
export * from '../modules/services/services.tables';
export * from '../modules/training/training.tables';
export * from '../platform/audit/audit.tables';
export * from '../platform/auth/auth.tables';
export * from '../platform/files/files.tables';
export * from '../platform/jobs/jobs.tables';
export * from '../platform/notify/notify.tables';
export * from '../platform/rbac/rbac.tables';
