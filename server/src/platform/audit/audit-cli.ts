// `boai audit verify | seal | head`: the audit hash chain from the command line, on the database the server uses
// (DATABASE_URL, or the embedded PGlite in BOAI_DATA_DIR). Exit 0: intact; 1: tampered or failed; 2: bad usage.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import type { Database } from '../../db/client';
import { loadMasterKeys } from '../pii';
import {
  type AuditChainKey,
  type ChainReport,
  configureAuditChain,
  deriveAuditChainKey,
  type ExternalHead,
  findLatestChainHead,
  parseAuditChainPublicKey,
  sealAuditChain,
  signAuditChainHead,
  verifyAuditChain,
} from './audit-chain';

const usage = `usage:
  boai audit verify [--json] [--head <file>] [--trust-key <base64>]... [--no-record]
      recompute the hash chain from its first link; exits 1 naming the first bad link and the kind of tamper.
      --head: a head kept outside the database (the JSON 'boai audit head' printed); the chain must still hold it.
      --trust-key: a further Ed25519 public key whose heads are trusted (the key before a master-key change).
  boai audit seal [--json]   link every sealable audit row now and sign a head
  boai audit head            print the latest signed head as JSON (publish or keep it outside the database)
Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in BOAI_DATA_DIR=./data), BOAI_SECRET_KEY`;

export type AuditCliIo = { out(line: string): void; err(line: string): void };
const defaultIo: AuditCliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * Runs one audit command. Without `opts.database` it opens the configured database and derives the head key from
 * the configured master key (as `boai serve` does); tests pass an open database and a key.
 */
export async function runAuditCli(
  argv: string[],
  opts: { database?: Database; key?: AuditChainKey; io?: AuditCliIo } = {},
): Promise<number> {
  const io = opts.io ?? defaultIo;
  const [command, ...rest] = argv;
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (!command || !['verify', 'seal', 'head'].includes(command) || args.positionals.length > 0) {
    io.err(usage);
    return command === 'help' || command === '--help' ? 0 : 2;
  }
  let database = opts.database;
  let key = opts.key;
  if (!database) {
    const config = loadConfig();
    const { openDatabase } = await import('../../db/client');
    key ??= deriveAuditChainKey(
      loadMasterKeys({
        secretKeyHex: config.secretKeyHex,
        previousSecretKeysHex: config.previousSecretKeysHex,
        lookupSecretKeyHex: config.lookupSecretKeyHex,
        dataDir: config.dataDir,
      }).lookup,
    );
    database = await openDatabase(config);
  }
  configureAuditChain(key);
  try {
    const db = database.db;
    if (command === 'seal') {
      const sealed = await sealAuditChain(db);
      const head = await signAuditChainHead(db, { key });
      io.out(
        args.values.json
          ? JSON.stringify({ ...sealed, head: head ?? null })
          : `sealed ${sealed.sealed} rows; chain length ${sealed.seq}, tip ${sealed.hash}${head ? '; head signed' : ''}`,
      );
      return 0;
    }
    if (command === 'head') {
      const head = await findLatestChainHead(db);
      if (!head) {
        io.err('no signed head yet: run `boai audit seal` (or let the server seal) first');
        return 1;
      }
      io.out(JSON.stringify(head));
      return 0;
    }
    let externalHead: ExternalHead | undefined;
    if (args.values.head) {
      externalHead = JSON.parse(fs.readFileSync(args.values.head, 'utf8')) as ExternalHead;
    }
    const report = await verifyAuditChain(db, {
      trustedKeys: (args.values['trust-key'] ?? []).map(parseAuditChainPublicKey),
      externalHead,
      record: !args.values['no-record'],
    });
    io.out(args.values.json ? JSON.stringify(report) : describe(report));
    return report.isIntact ? 0 : 1;
  } catch (error) {
    io.err(`audit ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (!opts.database) {
      await database.close();
    }
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      head: { type: 'string' },
      'trust-key': { type: 'string', multiple: true },
      'no-record': { type: 'boolean' },
    },
  });
}

function describe(r: ChainReport): string {
  const lines = [
    `${r.rowsChecked} audit rows checked over ${r.sealedUpTo} links; tip ${r.tipHash}; ${r.unsealedRows} rows not sealed yet`,
    r.latestHead
      ? `latest signed head: ${r.latestHead.seq} links, signed ${r.latestHead.signedAt} (key ${r.latestHead.keyId})`
      : 'no signed head yet',
  ];
  if (r.isIntact) {
    lines.push('chain intact');
  } else {
    const first = r.problems[0];
    lines.push(
      `TAMPERED: ${first.kind} at ${first.seq === null ? '' : `link ${first.seq}, `}audit row ${first.regionId ?? '?'}/${first.auditId ?? '?'}: ${first.detail}`,
    );
    for (const p of r.problems.slice(1)) {
      lines.push(`  also ${p.kind}${p.seq === null ? '' : ` at link ${p.seq}`}: ${p.detail}`);
    }
  }
  return lines.join('\n');
}
