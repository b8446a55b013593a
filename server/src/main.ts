// The `boai` command line: serve, migrate, seed.
import { runMigrate, runSeed, runServe } from './server';

const usage = `usage: boai <command>
  serve     migrate, seed demo data on first run (BOAI_DEMO_SEED=false to skip) and serve on PORT (3000)
  migrate   apply database migrations and exit
  seed      apply migrations and create the demo data if the database is empty
Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in BOAI_DATA_DIR=./data), PORT, BOAI_SECRET_KEY`;

const commands: Record<string, () => Promise<void>> = { serve: runServe, migrate: runMigrate, seed: runSeed };
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
