// `boai backup <file>` and `boai restore <file>`: the database named by the configuration (DATABASE_URL, else the
// PGlite database in BOAI_DATA_DIR). Progress on stdout, problems on stderr, exit codes in backup.ts (EXIT).
import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from '../../config';
import { migrate } from '../../server';
import { configurePii, createPii, derivePiiKeys } from '../pii';
import { BackupError, backupDatabase, EXIT, restoreDatabase, type Target } from './backup';

const KEY_NOTE =
  'The master key is NOT in the backup. Keep BOAI_SECRET_KEY (or <BOAI_DATA_DIR>/secret.key) safe and apart from the ' +
  'backups: restored without that same key, every encrypted personal field (ID numbers, phones, …) is unreadable.';

const usage = {
  backup: `Usage: boai backup <file> [--pg-bin <dir>]

Writes a backup of the configured database to <file> (never overwrites a file):
  PostgreSQL (DATABASE_URL set): pg_dump --format=custom of one consistent snapshot; the server keeps running.
  PGlite (BOAI_DATA_DIR): the data directory as a tarball; stop the server first (PGlite is one process per directory).
  --pg-bin <dir>  where pg_dump is (default: PATH); it must be at least the server's major version.
${KEY_NOTE}`,
  restore: `Usage: boai restore <file> [--pg-bin <dir>] [--allow-key-mismatch]

Restores a backup into an EMPTY database: a new PostgreSQL database (DATABASE_URL), or a BOAI_DATA_DIR without a
pglite/ directory. Checks the file's SHA-256 and schema level first, the row counts and that encrypted fields decrypt
with the configured master key afterwards; an older backup is migrated to this version's schema.
  --pg-bin <dir>          where pg_restore is (default: PATH)
  --allow-key-mismatch    restore although the configured master key is not the backup's (personal data unreadable)
${KEY_NOTE}`,
};

type Parsed = { file: string; pgBin?: string; allowKeyMismatch: boolean } | { help: true } | { error: string };

function parseArgs(argv: string[], allowed: string[]): Parsed {
  let file: string | undefined;
  let pgBin: string | undefined;
  let allowKeyMismatch = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      return { help: true };
    }
    if (arg.startsWith('--') && !allowed.includes(arg.split('=')[0])) {
      return { error: `unknown option ${arg}` };
    }
    if (arg === '--pg-bin') {
      pgBin = argv[++i];
      if (!pgBin) {
        return { error: '--pg-bin needs a directory' };
      }
    } else if (arg.startsWith('--pg-bin=')) {
      pgBin = arg.slice('--pg-bin='.length);
    } else if (arg === '--allow-key-mismatch') {
      allowKeyMismatch = true;
    } else if (file === undefined) {
      file = arg;
    } else {
      return { error: `unexpected argument ${arg}` };
    }
  }
  return file ? { file, pgBin, allowKeyMismatch } : { error: 'the backup file is missing' };
}

function target(config: Config): Target {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

/** The configured master key, never creating one (loadMasterKey would make a new random key on a fresh data dir). */
function existingMasterKey(config: Config): Buffer | null {
  if (config.secretKeyHex) {
    return Buffer.from(config.secretKeyHex, 'hex');
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    return null;
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new BackupError(EXIT.environment, `${file} does not hold a 64-hex-character key`);
  }
  return Buffer.from(hex, 'hex');
}

const log = (line: string) => console.log(line);

async function guarded(run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`error: ${error.message}`);
      return error.exitCode;
    }
    console.error(`error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

export async function runBackup(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--pg-bin']);
  if ('help' in args) {
    console.log(usage.backup);
    return 0;
  }
  if ('error' in args) {
    console.error(`${args.error}\n\n${usage.backup}`);
    return EXIT.usage;
  }
  const config = loadConfig();
  return guarded(async () => {
    const master = existingMasterKey(config);
    if (!master) {
      log('WARNING: no master key is configured (BOAI_SECRET_KEY or secret.key): the backup records no key check');
    }
    await backupDatabase({ target: target(config), file: path.resolve(args.file), master, pgBin: args.pgBin, log });
    log(KEY_NOTE);
  });
}

export async function runRestore(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--pg-bin', '--allow-key-mismatch']);
  if ('help' in args) {
    console.log(usage.restore);
    return 0;
  }
  if ('error' in args) {
    console.error(`${args.error}\n\n${usage.restore}`);
    return EXIT.usage;
  }
  const config = loadConfig();
  return guarded(async () => {
    const master = existingMasterKey(config);
    if (!master) {
      throw new BackupError(
        EXIT.environment,
        `no master key: ${KEY_NOTE} Set BOAI_SECRET_KEY, or copy the original secret.key into ${config.dataDir}, then restore`,
      );
    }
    configurePii(createPii(derivePiiKeys(master)));
    const result = await restoreDatabase({
      target: target(config),
      file: path.resolve(args.file),
      master,
      previousKeys: (config.previousSecretKeysHex ?? []).map((h) => Buffer.from(h, 'hex')),
      pgBin: args.pgBin,
      allowKeyMismatch: args.allowKeyMismatch,
      migrate,
      log,
    });
    log(KEY_NOTE);
    if (result.piiReadable === false && !args.allowKeyMismatch) {
      throw new BackupError(EXIT.key, 'restored, but encrypted personal data does not decrypt with the configured key');
    }
  });
}
