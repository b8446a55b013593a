// The `boai` command line: serve, migrate, seed, and the ledger tools anyone can run against a Boai log.
// Commands are imported on use, so `boai verify` loads no server code (only @boai/tlog-verify).

const usage = `usage: boai <command>
  serve     migrate, seed demo data on first run (BOAI_DEMO_SEED=false to skip) and serve on PORT (3000)
  migrate   apply database migrations and exit
  seed      apply migrations and create the demo data if the database is empty
  verify    check the public ledger without trusting the server: verify entry | consistency | log (see docs/ledger.md)
  witness   witness a Boai log: check its new checkpoint is consistent, cosign it (witness keygen: make a key)
  export    download a log's entries (NDJSON) and the checkpoint they match
  audit     audit trail tools: audit verify (check the hash chain of the audit rows)
  backup    write a backup of the database to a file (PGlite or PostgreSQL, pg_dump custom format)
  restore   restore a backup file into an empty database
  keys      personal-data keys: keys rotate (re-encrypt under a new master key; resumable), keys status
Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in BOAI_DATA_DIR=./data), PORT, BOAI_SECRET_KEY`;

/** A ledger tool: runs on the arguments after the command name and says how the process should exit. */
const ledgerTool = (name: 'runVerify' | 'runWitness' | 'runExport') => async (): Promise<void> => {
  const cli = await import('./modules/ledger/ledger-cli');
  process.exitCode = await cli[name](process.argv.slice(3));
};

const commands: Record<string, () => Promise<void>> = {
  serve: async () => (await import('./server')).runServe(),
  migrate: async () => (await import('./server')).runMigrate(),
  seed: async () => (await import('./server')).runSeed(),
  verify: ledgerTool('runVerify'),
  witness: ledgerTool('runWitness'),
  export: ledgerTool('runExport'),
  audit: async () => {
    process.exitCode = await (await import('./platform/audit/audit-cli')).runAuditCli(process.argv.slice(3));
  },
  backup: async () => {
    process.exitCode = await (await import('./platform/backup/backup-cli')).runBackup(process.argv.slice(3));
  },
  restore: async () => {
    process.exitCode = await (await import('./platform/backup/backup-cli')).runRestore(process.argv.slice(3));
  },
  keys: async () => {
    process.exitCode = await (await import('./platform/pii-rotation')).runKeysCli(process.argv.slice(3));
  },
};
const command = process.argv[2] ?? 'serve';
const run = commands[command];
if (!run) {
  console.error(usage);
  process.exit(command === 'help' || command === '--help' ? 0 : 2);
}
run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
