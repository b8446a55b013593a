// `boai verify`, `boai export` and `boai witness` against a real app listening on loopback: the real log passes, and
// every tampering — in the exported file, in the saved checkpoint, or in what a lying server answers — fails with a
// one-line reason and exit code 1. Also the witness door, POST /api/ledger/cosignatures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fromBase64,
  identityCommitment,
  toBase64,
  toBase64Url,
  utf8,
  verifyCheckpoint,
  verifyCosignature,
} from '@boai/tlog-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoaiApp, buildApp } from '../../app';
import type { Database } from '../../db/client';
import { createTestDatabase, testLedgerKey } from '../../test/test-app';
import { signCheckpoint as signCheckpointNote } from './checkpoint';
import { appendLedgerEntry, signCheckpoint } from './ledger.service';
import { type CliIo, runExport, runVerify, runWitness } from './ledger-cli';
import { deriveLedgerKey } from './ledger-key';
import { rootHash } from './merkle';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-ledger-cli-'));
const file = (name: string) => path.join(dir, name);
const key = { origin: testLedgerKey.origin, signer: testLedgerKey.signer };
const LOG_KEY = testLedgerKey.verifierKey;
const otherKey = deriveLedgerKey(Buffer.alloc(32, 9), testLedgerKey.origin);
const salt = toBase64Url(new Uint8Array(crypto.randomBytes(16)));
const DONOR_INDEX = 3;

let database: Database;
let drop: () => Promise<void>;
let app: BoaiApp;
let log: string;
let witnessVkey: string;

type Run = { code: number; out: string[]; err: string[] };

/** Runs a CLI function with captured output; `tamper` rewrites what the server answers (a lying log). */
async function cli(
  fn: (argv: string[], io: CliIo) => Promise<number>,
  argv: string[],
  tamper?: (url: string, body: string) => string,
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date(),
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if (!tamper) {
        return res;
      }
      const body = tamper(String(input), await res.text());
      return new Response(body, { status: res.status, headers: res.headers });
    },
  };
  const code = await fn(argv, io);
  return { code, out, err };
}

function append(n: number, facts: Record<string, string | number> = {}) {
  return database.db.transaction((tx) =>
    appendLedgerEntry(tx, { kind: 'donation.received', facts: { n, amountFen: 100 * n, ...facts } }),
  );
}

async function checkpointNow(): Promise<string> {
  await database.db.transaction((tx) => signCheckpoint(tx, key));
  return (await fetch(`${log}/checkpoint`)).text();
}

/** Flips one character of the first base64 hash found in the named JSON member. */
function flipFirstHash(body: string, member: 'inclusionProof' | 'proof'): string {
  const json = JSON.parse(body);
  const bytes = fromBase64(json[member][0])!;
  bytes[0] ^= 1;
  json[member][0] = toBase64(bytes);
  return JSON.stringify(json);
}

beforeAll(async () => {
  expect((await cli(runWitness, ['keygen', '--name', 'witness.test/press', '--out', file('witness')])).code).toBe(0);
  witnessVkey = fs.readFileSync(file('witness/witness.vkey'), 'utf8').trim();
  ({ database, drop } = await createTestDatabase());
  app = await buildApp({
    database,
    logLevel: 'silent',
    rateLimits: false,
    webDist: '/nonexistent',
    ledger: { ...testLedgerKey, witnesses: [witnessVkey] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  log = `http://127.0.0.1:${address.port}/api/ledger`;
  for (let n = 0; n < 300; n++) {
    await append(n, n === DONOR_INDEX ? { donor: identityCommitment(salt, '张三') } : {});
  }
  fs.writeFileSync(file('old-checkpoint'), await checkpointNow());
}, 120_000);

afterAll(async () => {
  await app.close();
  await database.close();
  await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('boai verify entry', () => {
  it("verifies a donor's entry, its certificate leaf hash and the commitment to the donor's name", async () => {
    const entry = await (await fetch(`${log}/entries/${DONOR_INDEX}`)).json();
    fs.writeFileSync(
      file('certificate.json'),
      JSON.stringify({ ledgerIndex: DONOR_INDEX, salt, donorName: '张三', leafHash: entry.leafHash }),
    );
    const run = await cli(runVerify, [
      'entry',
      '--log',
      log,
      '--key',
      LOG_KEY,
      '--certificate-json',
      file('certificate.json'),
    ]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toMatch(/^OK entry 3 is in boai\.test\/ledger at tree size 300/);
    expect(run.out.join('\n')).toMatch(/"donor" commits to this identity/);

    fs.writeFileSync(file('leaf.json'), entry.leaf);
    const byLeaf = await cli(runVerify, [
      'entry',
      '--log',
      log,
      '--key',
      LOG_KEY,
      '--index',
      '3',
      '--leaf-file',
      file('leaf.json'),
    ]);
    expect(byLeaf.code).toBe(0);
    const bySalt = await cli(runVerify, [
      'entry',
      '--log',
      log,
      '--key',
      LOG_KEY,
      '--index',
      '3',
      '--salt',
      salt,
      '--identity',
      '张三',
    ]);
    expect(bySalt.code).toBe(0);
  });

  it.each([
    ['another identity', ['--index', '3', '--salt', salt, '--identity', '李四'], /no member of the leaf commits/],
    ['a leaf file that is not the entry', ['--index', '4', '--leaf-file', 'LEAF'], /not the leaf in/],
    ['an entry past the checkpoint', ['--index', '300'], /not in the latest checkpoint \(300 entries\)/],
    ['a checkpoint from another key', ['--index', '3', '--key-override'], /no signature by boai\.test\/ledger\+/],
  ])('fails with exit 1 for %s', async (_what, args, message) => {
    const argv = ['entry', '--log', log, '--key', args.includes('--key-override') ? otherKey.verifierKey : LOG_KEY];
    argv.push(...args.filter((a) => a !== '--key-override').map((a) => (a === 'LEAF' ? file('leaf.json') : a)));
    const run = await cli(runVerify, argv);
    expect(run.code).toBe(1);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^boai verify entry: FAILED: /);
    expect(run.err[0]).toMatch(message);
  });

  it.each([
    [
      'a changed leaf byte',
      (url: string, body: string) =>
        url.includes('/entries/') ? body.replace('"amountFen\\":700', '"amountFen\\":701') : body,
      /leaf hash served does not match/,
    ],
    [
      'a flipped proof hash',
      (url: string, body: string) => (url.includes('/entries/') ? flipFirstHash(body, 'inclusionProof') : body),
      /inclusion proof does not lead/,
    ],
    [
      'a forged checkpoint',
      (url: string, body: string) => (url.endsWith('/checkpoint') ? body.replace('\n300\n', '\n301\n') : body),
      /does not verify/,
    ],
    [
      'another entry in place of the asked one',
      (url: string, body: string) => (url.includes('/entries/7') ? body.replace('"index":7', '"index":8') : body),
      /answered entry 8/,
    ],
  ])('fails when the server answers %s', async (_what, tamper, message) => {
    const run = await cli(runVerify, ['entry', '--log', log, '--key', LOG_KEY, '--index', '7'], tamper);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(message);
  });

  it('answers bad usage with exit 2 and the usage text', async () => {
    for (const argv of [
      ['entry'],
      ['entry', '--log', log],
      ['nonsense'],
      ['entry', '--log', 'x', '--key', LOG_KEY, '--index', '1'],
    ]) {
      const run = await cli(runVerify, argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err[0]).toMatch(/usage:/);
    }
  });
});

describe('boai verify consistency', () => {
  it('checks a saved checkpoint against the new one, and saves it', async () => {
    for (let n = 300; n < 420; n++) {
      await append(n);
    }
    await checkpointNow();
    const run = await cli(runVerify, [
      'consistency',
      '--log',
      log,
      '--old',
      file('old-checkpoint'),
      '--key',
      LOG_KEY,
      '--save',
      file('saved'),
    ]);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^OK the log only appended: 300 → 420 entries/);
    expect(verifyCheckpoint(fs.readFileSync(file('saved'), 'utf8'), LOG_KEY).size).toBe(420);
    const unpinned = await cli(runVerify, ['consistency', '--log', log, '--old', file('old-checkpoint')]);
    expect(unpinned.code).toBe(0);
    expect(unpinned.out[0]).toMatch(/log key taken from the log/);
  });

  it('fails for a consistency proof with a flipped hash', async () => {
    const run = await cli(
      runVerify,
      ['consistency', '--log', log, '--old', file('old-checkpoint'), '--key', LOG_KEY],
      (url, body) => (url.includes('/consistency') ? flipFirstHash(body, 'proof') : body),
    );
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/the log was rewritten/);
  });

  it('fails for an old checkpoint of a forked history, and for one signed by another key', async () => {
    // The log's own key signing a different tree of 300 entries: the split view a witness exists to catch.
    const fork = signCheckpointNote(
      { origin: testLedgerKey.origin, size: 300, rootHash: rootHash([crypto.randomBytes(32)]) },
      testLedgerKey.signer,
    );
    fs.writeFileSync(file('fork'), fork);
    const forked = await cli(runVerify, ['consistency', '--log', log, '--old', file('fork'), '--key', LOG_KEY]);
    expect(forked.code).toBe(1);
    expect(forked.err[0]).toMatch(/rewritten/);
    const foreign = signCheckpointNote(
      { origin: testLedgerKey.origin, size: 3, rootHash: new Uint8Array(32) },
      otherKey.signer,
    );
    fs.writeFileSync(file('foreign'), foreign);
    const run = await cli(runVerify, ['consistency', '--log', log, '--old', file('foreign'), '--key', LOG_KEY]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/no signature by boai\.test\/ledger/);
  });
});

describe('boai export and boai verify log', () => {
  let lines: string[];

  it('exports the whole log with its checkpoint, and the export verifies', async () => {
    const run = await cli(runExport, ['--log', log, '--out', file('log.ndjson'), '--checkpoint-out', file('cp')]);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toBe(`wrote 420 entries to ${file('log.ndjson')}`);
    lines = fs.readFileSync(file('log.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(420);
    const ok = await cli(runVerify, [
      'log',
      '--export',
      file('log.ndjson'),
      '--checkpoint',
      file('cp'),
      '--key',
      LOG_KEY,
    ]);
    expect(ok.err).toEqual([]);
    expect(ok.out[0]).toMatch(/^OK 420 entries/);
  });

  async function verifyTampered(edit: (lines: string[]) => string[], checkpoint = file('cp'), vkey = LOG_KEY) {
    fs.writeFileSync(file('tampered.ndjson'), `${edit(lines.map((l) => l)).join('\n')}\n`);
    return cli(runVerify, ['log', '--export', file('tampered.ndjson'), '--checkpoint', checkpoint, '--key', vkey]);
  }

  it.each([
    [
      'a changed leaf byte',
      (l: string[]) => l.map((x, i) => (i === 42 ? x.replace('"amountFen\\":4200', '"amountFen\\":4201') : x)),
      /entry 42: the stated leaf hash/,
    ],
    [
      'a changed leaf with its hash recomputed',
      (l: string[]) => l.map((x, i) => (i === 42 ? rehash(x.replace('"amountFen\\":4200', '"amountFen\\":4201')) : x)),
      /do not hash to the checkpoint's root/,
    ],
    ['a removed entry', (l: string[]) => l.filter((_, i) => i !== 100), /entry 100: the export holds index 101/],
    ['two swapped entries', (l: string[]) => swap(l, 10, 20), /entry 10: the export holds index 20/],
    [
      'two swapped entries, renumbered',
      (l: string[]) => swap(l, 10, 20).map((x, i) => JSON.stringify({ ...JSON.parse(x), index: i })),
      /root/,
    ],
    [
      'a non-canonical leaf',
      (l: string[]) => l.map((x, i) => (i === 5 ? rehash(x.replace('"leaf":"{', '"leaf":"{ ')) : x)),
      /entry 5: the leaf is not RFC 8785 canonical/,
    ],
    ['a truncated export', (l: string[]) => l.slice(0, 400), /ends after 400 entries/],
  ])('fails for %s, naming the first bad entry', async (_what, edit, message) => {
    const run = await verifyTampered(edit);
    expect(run.code).toBe(1);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^boai verify log: FAILED: /);
    expect(run.err[0]).toMatch(message);
  });

  it('fails for a forged checkpoint signature and for a checkpoint from another key', async () => {
    const note = fs.readFileSync(file('cp'), 'utf8');
    fs.writeFileSync(
      file('forged-cp'),
      note.replace(/ (\S)(\S+)\n$/, (_m, c: string, rest: string) => ` ${c === 'A' ? 'B' : 'A'}${rest}\n`),
    );
    const forged = await verifyTampered((l) => l, file('forged-cp'));
    expect(forged.code).toBe(1);
    expect(forged.err[0]).toMatch(/signature|no signature/);
    const [text] = note.split('\n\n');
    const [, size, root] = text.split('\n');
    const foreign = signCheckpointNote(
      { origin: testLedgerKey.origin, size: Number(size), rootHash: fromBase64(root)! },
      otherKey.signer,
    );
    fs.writeFileSync(file('foreign-cp'), foreign);
    const run = await verifyTampered((l) => l, file('foreign-cp'));
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/no signature by boai\.test\/ledger\+/);
    // The same checkpoint passes under the key that signed it: the failure above is the key, not the file.
    expect((await verifyTampered((l) => l, file('foreign-cp'), otherKey.verifierKey)).code).toBe(0);
  });
});

describe('boai witness', () => {
  const witnessArgs = () => ['--log', log, '--key-file', file('witness/witness.key'), '--state', file('state')];

  it('needs the log key on its first run', async () => {
    const run = await cli(runWitness, witnessArgs());
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/--log-key/);
  });

  it('cosigns the latest checkpoint, the log accepts it and serves it with the checkpoint', async () => {
    const run = await cli(runWitness, [...witnessArgs(), '--log-key', LOG_KEY]);
    expect(run.err).toEqual([]);
    expect(run.out[0]).toMatch(/^\u2014 witness\.test\/press [A-Za-z0-9+/]{102}==$/);
    expect(run.out[1]).toMatch(/accepted by the log/);
    const served = await (await fetch(`${log}/checkpoint`)).text();
    expect(served.endsWith(`${run.out[0]}\n`)).toBe(true);
    expect(verifyCheckpoint(served, LOG_KEY).size).toBe(420);
    const { timestamp } = verifyCosignature(served, witnessVkey);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(fs.readFileSync(file('state/log.vkey'), 'utf8').trim()).toBe(LOG_KEY);
  });

  it('checks consistency with what it witnessed before, then cosigns the grown log', async () => {
    for (let n = 420; n < 430; n++) {
      await append(n);
    }
    await checkpointNow();
    const run = await cli(runWitness, witnessArgs());
    expect(run.code).toBe(0);
    expect(verifyCosignature(await (await fetch(`${log}/checkpoint`)).text(), witnessVkey)).toBeTruthy();
    const again = await cli(runWitness, [...witnessArgs(), '--no-submit']);
    expect(again.code).toBe(0);
    expect(again.out).toHaveLength(1);
  });

  it('refuses a log that lies: a bad consistency proof, a rollback, a fork, another key', async () => {
    await append(430);
    await checkpointNow();
    const flipped = await cli(runWitness, witnessArgs(), (url, body) =>
      url.includes('/consistency') ? flipFirstHash(body, 'proof') : body,
    );
    expect(flipped.code).toBe(1);
    expect(flipped.err[0]).toMatch(/not consistent with the witnessed checkpoint of 430 entries/);

    const state = file('state/checkpoint');
    const witnessed = fs.readFileSync(state, 'utf8');
    const bigger = signCheckpointNote(
      { origin: testLedgerKey.origin, size: 5000, rootHash: new Uint8Array(32) },
      testLedgerKey.signer,
    );
    fs.writeFileSync(state, bigger);
    const rollback = await cli(runWitness, witnessArgs());
    expect(rollback.err[0]).toMatch(/rolled back: 431 entries after a witnessed 5000/);
    const sameSize = signCheckpointNote(
      { origin: testLedgerKey.origin, size: 431, rootHash: new Uint8Array(32) },
      testLedgerKey.signer,
    );
    fs.writeFileSync(state, sameSize);
    const fork = await cli(runWitness, witnessArgs());
    expect(fork.err[0]).toMatch(/forked/);
    fs.writeFileSync(state, witnessed);

    const foreign = await cli(runWitness, [...witnessArgs(), '--log-key', otherKey.verifierKey]);
    expect(foreign.err[0]).toMatch(/pinned to the log key/);
  });
});

describe('POST /api/ledger/cosignatures', () => {
  async function post(body: unknown) {
    const res = await fetch(`${log}/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  const cosignatureLine = () => fs.readFileSync(file('state/cosignature'), 'utf8').trim();
  const witnessedSize = () => verifyCheckpoint(fs.readFileSync(file('state/checkpoint'), 'utf8'), LOG_KEY).size;

  it('accepts a configured witness and answers who signed when', async () => {
    const res = await post({ treeSize: witnessedSize(), cosignature: cosignatureLine() });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      treeSize: witnessedSize(),
      witness: expect.stringMatching(/^witness\.test\/press\+[0-9a-f]{8}$/),
    });
  });

  it('refuses a stranger, a signature over another size, a malformed line, and an unknown size', async () => {
    const stranger = file('stranger');
    await cli(runWitness, ['keygen', '--name', 'witness.test/press', '--out', stranger]);
    const strangerRun = await cli(runWitness, [
      '--log',
      log,
      '--key-file',
      path.join(stranger, 'witness.key'),
      '--state',
      path.join(stranger, 'state'),
      '--log-key',
      LOG_KEY,
    ]);
    expect(strangerRun.code).toBe(1);
    expect(strangerRun.err[0]).toMatch(/403 FORBIDDEN/);

    const line = cosignatureLine();
    const otherSize = await post({ treeSize: 300, cosignature: line });
    expect(otherSize.status).toBe(400);
    expect(otherSize.json.error.code).toBe('VALIDATION_FAILED');
    for (const bad of ['nonsense', `${line}\n${line}`, line.replace('\u2014', '-')]) {
      const res = await post({ treeSize: witnessedSize(), cosignature: bad });
      expect(res.status, bad).toBe(400);
    }
    const unknown = await post({ treeSize: 299, cosignature: line });
    expect(unknown.status).toBe(404);
  });

  it('refuses a cosignature dated more than five minutes ahead', async () => {
    const future = file('future');
    fs.cpSync(file('state'), future, { recursive: true });
    const run = await cli(
      (argv, io) => runWitness(argv, { ...io, now: () => new Date(Date.now() + 3_600_000) }),
      ['--log', log, '--key-file', file('witness/witness.key'), '--state', future, '--no-submit'],
    );
    expect(run.code).toBe(0);
    const size = verifyCheckpoint(fs.readFileSync(path.join(future, 'checkpoint'), 'utf8'), LOG_KEY).size;
    const res = await post({ treeSize: size, cosignature: run.out[0] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(/dated in the future/);
  });
});

function swap(lines: string[], a: number, b: number): string[] {
  const copy = [...lines];
  [copy[a], copy[b]] = [copy[b], copy[a]];
  return copy;
}

/** Re-states the leaf hash of an export line after its leaf was edited (a careful forger). */
function rehash(line: string): string {
  const entry = JSON.parse(line) as { index: number; leaf: string };
  const hash = crypto.createHash('sha256').update(Uint8Array.of(0)).update(utf8(entry.leaf)).digest('base64');
  return JSON.stringify({ ...entry, leafHash: hash });
}
