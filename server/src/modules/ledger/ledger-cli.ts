// `boai verify`, `boai witness` and `boai export`: check the public ledger from outside, with @boai/tlog-verify and
// plain HTTP only — nothing here imports the server's own ledger code, so a bug there cannot hide itself here.
// Every command prints what it checked and exits 0, or prints one line saying what failed and exits 1 (2: bad usage).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import {
  computeKeyId,
  concatBytes,
  cosignatureMessage,
  createExportVerifier,
  type EntryWithProof,
  equalBytes,
  formatVerifierKey,
  fromBase64,
  leafHash,
  parseExportLine,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE,
  toBase64,
  toHex,
  utf8,
  VerifyError,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyConsistency,
  verifyEntry,
} from '@boai/tlog-verify';

/** Where a command writes and what it talks to; tests pass their own. */
export type CliIo = {
  out(line: string): void;
  err(line: string): void;
  fetch: typeof fetch;
  now(): Date;
};

export const defaultIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  fetch: (...args) => fetch(...args),
  now: () => new Date(),
};

/** A failed check or a failed request: exit code 1. */
class Failure extends Error {}
/** Bad command-line usage: exit code 2. */
class UsageError extends Error {}

const verifyUsage = `usage:
  boai verify entry --log <url> --index <n> --key <vkey> [--leaf-file <f> | --certificate-json <f>]
                    [--salt <base64url> --identity <name>] [--origin <origin>]
  boai verify consistency --log <url> --old <checkpoint file> [--key <vkey>] [--save <file>]
  boai verify log --export <ndjson file> --checkpoint <checkpoint file> --key <vkey> [--origin <origin>]
<url> is the log prefix, e.g. https://boai.example.org/api/ledger; <vkey> the log's verifier key.`;

const witnessUsage = `usage:
  boai witness keygen --name <name> --out <dir>
  boai witness --log <url> --key-file <witness key file> --state <dir> [--log-key <vkey>] [--no-submit]`;

const exportUsage = `usage:
  boai export --log <url> --out <ndjson file> [--checkpoint-out <file>]`;

/** `boai verify entry|consistency|log …`; returns the exit code. */
export function runVerify(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [sub, ...rest] = argv;
  const commands: Record<string, (args: string[], io: CliIo) => Promise<void>> = {
    entry: verifyEntryCommand,
    consistency: verifyConsistencyCommand,
    log: verifyLogCommand,
  };
  return run(`boai verify ${sub ?? ''}`.trim(), verifyUsage, io, () => {
    const command = sub === undefined ? undefined : commands[sub];
    if (!command) {
      throw new UsageError('say what to verify: entry, consistency or log');
    }
    return command(rest, io);
  });
}

/** `boai witness …` and `boai witness keygen …`; returns the exit code. */
export function runWitness(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (argv[0] === 'keygen') {
    return run('boai witness keygen', witnessUsage, io, () => witnessKeygenCommand(argv.slice(1), io));
  }
  return run('boai witness', witnessUsage, io, () => witnessCommand(argv, io));
}

/** `boai export …`; returns the exit code. */
export function runExport(argv: string[], io: CliIo = defaultIo): Promise<number> {
  return run('boai export', exportUsage, io, () => exportCommand(argv, io));
}

async function run(name: string, usage: string, io: CliIo, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${name}: ${error.message}\n${usage}`);
      return 2;
    }
    if (error instanceof VerifyError || error instanceof Failure) {
      io.err(`${name}: FAILED: ${error.message}`);
      return 1;
    }
    io.err(`${name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// ------------------------------------------------------------------------------------------------ verify

async function verifyEntryCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, {
    log: { type: 'string' },
    index: { type: 'string' },
    key: { type: 'string' },
    origin: { type: 'string' },
    'leaf-file': { type: 'string' },
    'certificate-json': { type: 'string' },
    salt: { type: 'string' },
    identity: { type: 'string' },
  });
  const log = logUrl(required(opts, 'log'));
  const key = required(opts, 'key');
  if (opts['leaf-file'] && opts['certificate-json']) {
    throw new UsageError('give --leaf-file or --certificate-json, not both');
  }
  const certificate = opts['certificate-json'] ? readCertificate(opts['certificate-json']) : undefined;
  const indexText = opts.index ?? (certificate?.index === undefined ? undefined : String(certificate.index));
  if (indexText === undefined) {
    throw new UsageError('--index is required (or a certificate that names its ledger index)');
  }
  const index = parseCount(indexText, '--index');
  const leafFile = opts['leaf-file'] === undefined ? undefined : readText(opts['leaf-file']);

  const checkpointNote = await getText(io, `${log}/checkpoint`);
  const checkpoint = verifyCheckpoint(checkpointNote, key, { origin: opts.origin });
  if (index >= checkpoint.size) {
    throw new Failure(`entry ${index} is not in the latest checkpoint (${checkpoint.size} entries) yet; try later`);
  }
  const entry = (await getJson(io, `${log}/entries/${index}?treeSize=${checkpoint.size}`)) as EntryWithProof;
  if (entry.index !== index) {
    throw new Failure(`the log answered entry ${entry.index} when asked for entry ${index}`);
  }
  if (leafFile !== undefined && leafFile !== entry.leaf) {
    throw new Failure(`the log's leaf at ${index} is not the leaf in ${opts['leaf-file']}`);
  }
  const salt = opts.salt ?? certificate?.salt ?? undefined;
  const identities =
    opts.identity !== undefined
      ? [opts.identity]
      : certificate?.identity !== undefined
        ? [certificate.identity]
        : // The donor's view carries the name; an anonymous gift commits to the empty name instead.
          [...new Set([certificate?.donorName ?? '', ''])];
  if (opts.identity !== undefined && salt === undefined) {
    throw new UsageError('--identity needs the --salt it was committed with');
  }
  let result: ReturnType<typeof verifyEntry> | undefined;
  let lastError: unknown;
  for (const identity of salt === undefined ? [undefined] : identities) {
    try {
      result = verifyEntry({
        entry,
        checkpointNote,
        logKey: key,
        origin: opts.origin,
        expectedLeafHash: leafFile === undefined ? certificate?.leafHash : toHex(leafHash(utf8(leafFile))),
        salt,
        identity,
      });
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (!result) {
    throw lastError;
  }
  io.out(
    `OK entry ${index} is in ${checkpoint.origin} at tree size ${checkpoint.size} (root ${toBase64(checkpoint.rootHash)})`,
  );
  io.out(`   leaf hash ${result.leafHash}; leaf ${entry.leaf}`);
  if (result.commitmentField) {
    io.out(`   the leaf's "${result.commitmentField}" commits to this identity under this salt`);
  }
}

async function verifyConsistencyCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, {
    log: { type: 'string' },
    old: { type: 'string' },
    key: { type: 'string' },
    origin: { type: 'string' },
    save: { type: 'string' },
  });
  const log = logUrl(required(opts, 'log'));
  const oldNote = readText(required(opts, 'old'));
  let key = opts.key;
  if (!key) {
    // The old checkpoint, checked before, is the anchor: a key swapped by the server would not verify it.
    key = ((await getJson(io, `${log}/key`)) as { verifierKey: string }).verifierKey;
    io.out(`(log key taken from the log: ${key}; pin it with --key)`);
  }
  const old = verifyCheckpoint(oldNote, key, { origin: opts.origin });
  const newNote = await getText(io, `${log}/checkpoint`);
  const current = verifyCheckpoint(newNote, key, { origin: opts.origin });
  if (current.size < old.size) {
    throw new Failure(`the log shrank: its checkpoint has ${current.size} entries, yours ${old.size}`);
  }
  const { proof } = (await getJson(io, `${log}/consistency?from=${old.size}&to=${current.size}`)) as {
    proof: string[];
  };
  verifyCheckpointConsistency({ oldNote, newNote, proof, logKey: key, origin: opts.origin });
  io.out(
    `OK the log only appended: ${old.size} → ${current.size} entries (root ${toBase64(current.rootHash)}), ` +
      `${proof.length} proof hashes checked`,
  );
  if (opts.save) {
    writeFileAtomic(opts.save, newNote);
    io.out(`   saved the new checkpoint to ${opts.save}`);
  }
}

async function verifyLogCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, {
    export: { type: 'string' },
    checkpoint: { type: 'string' },
    key: { type: 'string' },
    origin: { type: 'string' },
  });
  const checkpoint = verifyCheckpoint(readText(required(opts, 'checkpoint')), required(opts, 'key'), {
    origin: opts.origin,
  });
  const file = required(opts, 'export');
  if (!fs.existsSync(file)) {
    throw new UsageError(`no file ${file}`);
  }
  const verifier = createExportVerifier(checkpoint);
  const lines = readline.createInterface({
    input: fs.createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line !== '') {
      verifier.push(parseExportLine(line, lineNumber));
    }
  }
  const { entries } = verifier.finish();
  io.out(
    `OK ${entries} entries: every leaf canonical and matching its hash, the first ${checkpoint.size} hashing to the ` +
      `signed root ${toBase64(checkpoint.rootHash)}`,
  );
}

// ------------------------------------------------------------------------------------------------ export

async function exportCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, {
    log: { type: 'string' },
    out: { type: 'string' },
    'checkpoint-out': { type: 'string' },
  });
  const log = logUrl(required(opts, 'log'));
  const out = required(opts, 'out');
  const note = await getText(io, `${log}/checkpoint`);
  const size = Number(parseSignedNote(note).text.split('\n')[1]);
  const tmp = `${out}.partial`;
  const stream = fs.createWriteStream(tmp, 'utf8');
  try {
    for (let from = 0; from < size; from += 50_000) {
      const body = await getText(io, `${log}/export?from=${from}&to=${Math.min(size, from + 50_000)}`);
      if (!stream.write(body)) {
        await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      }
    }
  } finally {
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
  fs.renameSync(tmp, out);
  io.out(`wrote ${size} entries to ${out}`);
  if (opts['checkpoint-out']) {
    writeFileAtomic(opts['checkpoint-out'], note);
    io.out(`wrote the checkpoint they match (tree size ${size}) to ${opts['checkpoint-out']}`);
  }
}

// ------------------------------------------------------------------------------------------------ witness

type WitnessKey = { name: string; keyId: number; seed: Uint8Array; publicKey: Uint8Array; vkey: string };

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

async function witnessKeygenCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, { name: { type: 'string' }, out: { type: 'string' } });
  const name = required(opts, 'name');
  const dir = required(opts, 'out');
  const seed = new Uint8Array(crypto.randomBytes(32));
  const publicKey = publicKeyOf(seed);
  const vkey = formatVerifierKey(name, SIGNATURE_TYPE.cosignatureV1, publicKey);
  const keyId = vkey.split('+')[1];
  const skey = `PRIVATE+KEY+${name}+${keyId}+${toBase64(concatBytes(Uint8Array.of(SIGNATURE_TYPE.cosignatureV1), seed))}`;
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'witness.key');
  if (fs.existsSync(keyFile)) {
    throw new Failure(`${keyFile} exists; not overwriting a witness key`);
  }
  fs.writeFileSync(keyFile, `${skey}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'witness.vkey'), `${vkey}\n`);
  io.out(`wrote ${keyFile} (secret) and ${path.join(dir, 'witness.vkey')}`);
  io.out(`witness verifier key (give it to the log operator and to verifiers): ${vkey}`);
}

async function witnessCommand(argv: string[], io: CliIo): Promise<void> {
  const opts = parse(argv, {
    log: { type: 'string' },
    'key-file': { type: 'string' },
    state: { type: 'string' },
    'log-key': { type: 'string' },
    origin: { type: 'string' },
    'no-submit': { type: 'boolean' },
  });
  const log = logUrl(required(opts, 'log'));
  const witness = readWitnessKey(required(opts, 'key-file'));
  const stateDir = required(opts, 'state');
  fs.mkdirSync(stateDir, { recursive: true });

  // The log key is pinned in the state dir on first use; afterwards a different one is refused.
  const pinnedFile = path.join(stateDir, 'log.vkey');
  const pinned = fs.existsSync(pinnedFile) ? fs.readFileSync(pinnedFile, 'utf8').trim() : undefined;
  const given = opts['log-key'];
  if (pinned && given && pinned !== given) {
    throw new Failure(`the state in ${stateDir} is pinned to the log key ${pinned}, not ${given}`);
  }
  const logKey = pinned ?? given;
  if (!logKey) {
    throw new UsageError('first run: give the log key with --log-key (it is pinned in the state dir)');
  }
  parseVerifierKey(logKey);

  const note = await getText(io, `${log}/checkpoint`);
  const current = verifyCheckpoint(note, logKey, { origin: opts.origin });
  const lastFile = path.join(stateDir, 'checkpoint');
  if (fs.existsSync(lastFile)) {
    const last = verifyCheckpoint(fs.readFileSync(lastFile, 'utf8'), logKey, { origin: opts.origin });
    if (current.size < last.size) {
      throw new Failure(`the log rolled back: ${current.size} entries after a witnessed ${last.size}`);
    }
    if (current.size === last.size && !equalBytes(current.rootHash, last.rootHash)) {
      throw new Failure(`the log forked: a different root for the witnessed size ${last.size}`);
    }
    if (current.size > last.size) {
      const { proof } = (await getJson(io, `${log}/consistency?from=${last.size}&to=${current.size}`)) as {
        proof: string[];
      };
      const hashes = proof.map((p) => fromBase64(p) ?? new Uint8Array(0));
      if (!verifyConsistency(last.size, current.size, last.rootHash, current.rootHash, hashes)) {
        throw new Failure(`the log is not consistent with the witnessed checkpoint of ${last.size} entries`);
      }
    }
  } else if (!pinned) {
    fs.writeFileSync(pinnedFile, `${logKey}\n`);
  }

  const timestamp = Math.floor(io.now().getTime() / 1000);
  const signature = crypto.sign(
    null,
    cosignatureMessage(current.text, timestamp),
    crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, witness.seed]), format: 'der', type: 'pkcs8' }),
  );
  const blob = new Uint8Array(4 + 8 + 64);
  const view = new DataView(blob.buffer);
  view.setUint32(0, witness.keyId);
  view.setBigUint64(4, BigInt(timestamp));
  blob.set(signature, 12);
  const line = `\u2014 ${witness.name} ${toBase64(blob)}`;
  writeFileAtomic(lastFile, note);
  writeFileAtomic(path.join(stateDir, 'cosignature'), `${line}\n`);
  io.out(line);

  if (!opts['no-submit']) {
    const res = await io.fetch(`${log}/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ treeSize: current.size, cosignature: line }),
    });
    if (res.status !== 201) {
      throw new Failure(`the log refused the cosignature of size ${current.size}: ${await describeError(res)}`);
    }
    io.out(`(cosignature of tree size ${current.size} accepted by the log)`);
  }
}

function readWitnessKey(file: string): WitnessKey {
  const text = readText(file).trim();
  const match = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
  const typed = match ? fromBase64(match[3]) : undefined;
  if (!match || !typed || typed.length !== 33 || typed[0] !== SIGNATURE_TYPE.cosignatureV1) {
    throw new Failure(`${file} is not a witness key (PRIVATE+KEY+<name>+<key ID>+<base64(0x04 || seed)>)`);
  }
  const seed = typed.subarray(1);
  const publicKey = publicKeyOf(seed);
  const keyId = computeKeyId(match[1], SIGNATURE_TYPE.cosignatureV1, publicKey);
  if (keyId !== Number.parseInt(match[2], 16)) {
    throw new Failure(`${file}: the key ID does not match the key`);
  }
  const vkey = formatVerifierKey(match[1], SIGNATURE_TYPE.cosignatureV1, publicKey);
  return { name: match[1], keyId, seed, publicKey, vkey };
}

function publicKeyOf(seed: Uint8Array): Uint8Array {
  const key = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return new Uint8Array(crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12));
}

// ------------------------------------------------------------------------------------------------ helpers

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parse<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as {
      [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string;
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function required<T extends Record<string, unknown>>(opts: T, name: keyof T & string): string {
  const value = opts[name];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`--${name} is required`);
  }
  return value;
}

function parseCount(text: string, what: string): number {
  const n = Number(text);
  if (!/^(?:0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${what} must be a non-negative integer`);
  }
  return n;
}

function logUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--log must be a URL such as https://boai.example.org/api/ledger, not ${text}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}

type Certificate = { index?: number; leafHash?: string; salt?: string; identity?: string; donorName?: string };

/**
 * The ledger facts of a donor's certificate JSON: the donor's view of a gift (`ledgerIndex`, `salt`, `donorName`) or
 * `{ index, leafHash, salt, identity }`; a nested `ledger` object (as the certificate PDF's data) also counts.
 */
function readCertificate(file: string): Certificate {
  let value: unknown;
  try {
    value = JSON.parse(readText(file));
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  const ledger = (typeof obj.ledger === 'object' && obj.ledger !== null ? obj.ledger : {}) as Record<string, unknown>;
  const pick = (...names: string[]) => {
    for (const source of [obj, ledger]) {
      for (const name of names) {
        if (source[name] !== undefined && source[name] !== null) {
          return source[name];
        }
      }
    }
    return undefined;
  };
  const index = pick('index', 'ledgerIndex');
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    index: typeof index === 'number' ? index : undefined,
    leafHash: str(pick('leafHash', 'leafHashHex')),
    salt: str(pick('salt')),
    identity: str(pick('identity')),
    donorName: str(pick('donorName')),
  };
}

async function getText(io: CliIo, url: string): Promise<string> {
  let res: Response;
  try {
    res = await io.fetch(url);
  } catch (error) {
    throw new Failure(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (res.status !== 200) {
    throw new Failure(`GET ${url}: ${await describeError(res)}`);
  }
  return res.text();
}

async function getJson(io: CliIo, url: string): Promise<unknown> {
  const text = await getText(io, url);
  try {
    return JSON.parse(text);
  } catch {
    throw new Failure(`GET ${url}: the answer is not JSON`);
  }
}

async function describeError(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return `${res.status} ${error.code} (${error.message})`;
  } catch {
    return `${res.status} ${text.slice(0, 100)}`;
  }
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
