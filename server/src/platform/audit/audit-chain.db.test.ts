// The audit hash chain on a real database: concurrent writers and sealers, each kind of tamper named by the
// verifier (edits, deletions, forged rows, reordering, a cut tail, a rebuilt chain, a forged head), and the CLI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, type Db, openPglite, queryRows } from '../../db/client';
import { createTestDatabase, testMasterKey } from '../../test/test-app';
import { insertAudit } from './audit.repo';
import { auditLog } from './audit.tables';
import {
  type ChainReport,
  chainedColumns,
  configureAuditChain,
  deriveAuditChainKey,
  parseAuditChainPublicKey,
  sealAuditChain,
  signAuditChainHead,
  verifyAuditChain,
} from './audit-chain';
import { runAuditCli } from './audit-cli';

const key = deriveAuditChainKey(testMasterKey);
const isPostgres = inject('dbKind') === 'postgres';

let database: Database;
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await createTestDatabase());
  db = database.db;
  configureAuditChain(key);
});
afterAll(async () => {
  configureAuditChain(undefined);
  await database.close();
  await drop();
});

let serial = 0;
/** One audit row as recordAudit writes it (with a jsonb `after` holding a number past a double's precision). */
function writeAudit(d: Db, regionId = 330600, label = 'writer') {
  serial++;
  return insertAudit(d, {
    regionId,
    actorKind: 'staff',
    actorId: null,
    actorLabel: label,
    action: 'donation.recorded',
    entityType: 'donation',
    entityId: String(serial),
    orgId: null,
    before: null,
    after: { amountFen: 10_000 + serial, note: `第${serial}笔`, big: 1e19 },
    reason: null,
    requestId: `req-${serial}`,
    ip: '127.0.0.1',
  });
}

async function one<T>(d: Db, query: SQL): Promise<T> {
  const [row] = await queryRows<T>(d, query);
  return row;
}

const count = async (d: Db, table: 'audit_log' | 'audit_chain') =>
  Number((await one<{ n: string | number }>(d, sql`SELECT count(*) AS n FROM ${sql.raw(table)}`)).n);

/** The link at `seq` with its audit row's key. */
const linkAt = (d: Db, seq: number) =>
  one<{ region_id: number; audit_id: number | string; xid: number | string }>(
    d,
    sql`SELECT region_id, audit_id, xid FROM audit_chain WHERE seq = ${seq}`,
  );

/**
 * Seals until every audit row is linked. On PostgreSQL the sealer waits for the oldest writing transaction of the
 * whole server (other test files' databases included), so a busy server can hold sealing back for a while.
 */
async function sealAll(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sealAuditChain(db);
    if ((await count(db, 'audit_chain')) === (await count(db, 'audit_log'))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error('audit rows stayed unsealed: a long transaction elsewhere on the server?');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

class Rollback extends Error {}

/**
 * Tampers as the database owner would (the append-only trigger set aside for the transaction), runs `check` on the
 * tampered data, then rolls everything back so each test starts from the same intact chain.
 */
async function tampered<T>(tamper: (tx: Db) => Promise<unknown>, check: (tx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tamper(tx);
      out = await check(tx);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) {
        throw e;
      }
    });
  return out as T;
}

const verify = (d: Db) => verifyAuditChain(d);
const first = (r: ChainReport) => r.problems[0];

it('hashes every column of audit_log (a new column must join the encoding)', () => {
  const columns = Object.values(getTableColumns(auditLog)).map((c) => c.name);
  expect([...chainedColumns].sort()).toEqual(columns.sort());
});

describe('sealing', () => {
  it('seals every row of concurrent writers exactly once while sealers run alongside, and the chain verifies', {
    timeout: 120_000,
  }, async () => {
    const before = await count(db, 'audit_log');
    const writers = Array.from({ length: 5 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 10; i++) {
          await db.transaction(async (tx) => {
            await writeAudit(tx, 330600 + (w % 3));
            await writeAudit(tx, 330600 + ((w + 1) % 3));
          });
        }
      })(),
    );
    const sealers = Array.from({ length: 3 }, () =>
      (async () => {
        for (let i = 0; i < 5; i++) {
          await sealAuditChain(db, { batch: 7 });
        }
      })(),
    );
    await Promise.all([...writers, ...sealers]);
    await sealAll();
    const total = await count(db, 'audit_log');
    expect(total - before).toBe(100);
    const chain = await one<{ n: string | number; rows: string | number; max: string | number }>(
      db,
      sql`SELECT count(*) AS n, count(DISTINCT (region_id, audit_id)) AS rows, max(seq) AS max FROM audit_chain`,
    );
    expect(Number(chain.n)).toBe(total);
    expect(Number(chain.rows)).toBe(total);
    expect(Number(chain.max)).toBe(total);
    const report = await verify(db);
    expect(report).toMatchObject({ isIntact: true, rowsChecked: total, sealedUpTo: total, unsealedRows: 0 });
  });

  it('never links a row twice when two sealers run at once', { timeout: 90_000 }, async () => {
    for (let i = 0; i < 40; i++) {
      await writeAudit(db);
    }
    const before = await count(db, 'audit_chain');
    const [a, b] = await Promise.all([sealAuditChain(db, { batch: 5 }), sealAuditChain(db, { batch: 5 })]);
    expect(await count(db, 'audit_chain')).toBe(before + a.sealed + b.sealed);
    await sealAll();
    const [dup] = await queryRows<{ n: string | number }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM audit_chain GROUP BY region_id, audit_id HAVING count(*) > 1) d`,
    );
    expect(Number(dup.n)).toBe(0);
    expect((await verify(db)).isIntact).toBe(true);
  });

  it.runIf(isPostgres)(
    'waits for a transaction still open: a later commit is not sealed ahead of it',
    { timeout: 150_000 },
    async () => {
      await sealAll();
      const tipBefore = await count(db, 'audit_chain');
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let wrote!: () => void;
      const written = new Promise<void>((r) => {
        wrote = r;
      });
      const slow = db.transaction(async (tx) => {
        await writeAudit(tx, 330600, 'slow');
        wrote();
        await held;
      });
      await written;
      await writeAudit(db, 330600, 'fast'); // commits now, after the slow one began (its xid is greater)
      const meanwhile = await sealAuditChain(db);
      expect(meanwhile.sealed).toBe(0);
      release();
      await slow;
      await sealAll();
      expect(await count(db, 'audit_chain')).toBe(tipBefore + 2);
      const labels = await queryRows<{ actor_label: string }>(
        db,
        sql`SELECT a.actor_label FROM audit_chain c JOIN audit_log a ON a.region_id = c.region_id AND a.id = c.audit_id
          WHERE c.seq > ${tipBefore} ORDER BY c.seq`,
      );
      expect(labels.map((l) => l.actor_label)).toEqual(['slow', 'fast']);
    },
  );
});

describe('tampering is detected and named', () => {
  let middle: { region_id: number; audit_id: number | string; xid: number | string };
  let length: number;
  beforeAll(async () => {
    for (let i = 0; i < 10; i++) {
      await writeAudit(db);
    }
    await sealAll();
    length = await count(db, 'audit_chain');
    expect(await signAuditChainHead(db, { key })).toMatchObject({ seq: length });
    middle = await linkAt(db, length - 5);
    expect((await verify(db)).isIntact).toBe(true);
  });

  it('an edited after value', async () => {
    const r = await tampered(
      (tx) =>
        tx.execute(
          sql`UPDATE audit_log SET after = jsonb_set(after, '{amountFen}', '1') WHERE region_id = ${middle.region_id} AND id = ${middle.audit_id}`,
        ),
      verify,
    );
    expect(r.isIntact).toBe(false);
    expect(first(r)).toMatchObject({ kind: 'edited', seq: length - 5, auditId: Number(middle.audit_id) });
  });

  it('an edit below what a JavaScript number holds (the 20-digit number in after)', async () => {
    const r = await tampered(
      (tx) =>
        tx.execute(
          sql`UPDATE audit_log SET after = jsonb_set(after, '{big}', '10000000000000000001') WHERE region_id = ${middle.region_id} AND id = ${middle.audit_id}`,
        ),
      verify,
    );
    expect(first(r)).toMatchObject({ kind: 'edited', auditId: Number(middle.audit_id) });
  });

  it('a deleted row', async () => {
    const r = await tampered(
      (tx) => tx.execute(sql`DELETE FROM audit_log WHERE region_id = ${middle.region_id} AND id = ${middle.audit_id}`),
      verify,
    );
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: length - 5, auditId: Number(middle.audit_id) }),
    ]);
  });

  it('a cut tail (rows and their links deleted) against the signed head', async () => {
    const r = await tampered(async (tx) => {
      const cut = await queryRows<{ region_id: number; audit_id: number }>(
        tx,
        sql`DELETE FROM audit_chain WHERE seq > ${length - 3} RETURNING region_id, audit_id`,
      );
      for (const c of cut) {
        await tx.execute(sql`DELETE FROM audit_log WHERE region_id = ${c.region_id} AND id = ${c.audit_id}`);
      }
    }, verify);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: length })]);
    expect(r.sealedUpTo).toBe(length - 3);
  });

  it('a cut tail is also caught against a head kept outside the database, when the heads are deleted too', async () => {
    const head = (await verify(db)).latestHead!;
    const r = await tampered(
      async (tx) => {
        await tx.execute(sql`DELETE FROM audit_chain WHERE seq > ${length - 3}`);
        await tx.execute(sql`DELETE FROM audit_chain_heads`);
      },
      (tx) => verifyAuditChain(tx, { externalHead: head }),
    );
    expect(first(r)).toMatchObject({ kind: 'truncated', seq: length });
    // Without the outside copy the shortened chain looks whole: the heads in the database went with it.
    const blind = await tampered(
      async (tx) => {
        await tx.execute(sql`DELETE FROM audit_chain WHERE seq > ${length - 3}`);
        await tx.execute(sql`DELETE FROM audit_chain_heads`);
      },
      (tx) => verifyAuditChain(tx),
    );
    expect(blind.problems.filter((p) => p.kind === 'truncated')).toEqual([]);
  });

  it('a forged row slipped in among sealed ones', async () => {
    const r = await tampered(
      (tx) =>
        tx.execute(sql`INSERT INTO audit_log (region_id, id, xid, actor_kind, actor_label, action, entity_type, after)
                     VALUES (${middle.region_id}, 900000001, ${middle.xid}, 'staff', 'forger', 'donation.recorded',
                             'donation', '{"amountFen": 1}')`),
      verify,
    );
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'inserted', auditId: 900000001 })]);
  });

  it('two links swapped', async () => {
    const r = await tampered(async (tx) => {
      const a = await linkAt(tx, length - 2);
      const b = await linkAt(tx, length - 1);
      await tx.execute(sql`UPDATE audit_chain SET audit_id = -1 WHERE seq = ${length - 2}`);
      await tx.execute(
        sql`UPDATE audit_chain SET region_id = ${a.region_id}, audit_id = ${a.audit_id}, xid = ${a.xid} WHERE seq = ${length - 1}`,
      );
      await tx.execute(
        sql`UPDATE audit_chain SET region_id = ${b.region_id}, audit_id = ${b.audit_id}, xid = ${b.xid} WHERE seq = ${length - 2}`,
      );
    }, verify);
    // The first of the pair no longer gives its link's hash; the second comes before it in chain order.
    expect(r.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['edited', length - 2],
      ['reordered', length - 1],
    ]);
  });

  it('an edit with the chain recomputed after it (no key): the signed head no longer matches', async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(
        sql`UPDATE audit_log SET after = jsonb_set(after, '{amountFen}', '1') WHERE region_id = ${middle.region_id} AND id = ${middle.audit_id}`,
      );
      await tx.execute(sql`DELETE FROM audit_chain WHERE seq >= ${length - 5}`);
      await sealAuditChain(tx); // the attacker's own sealer run: every link is consistent again
    }, verify);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'rewritten', seq: length })]);
  });

  it('a head re-signed without the key', async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(sql`UPDATE audit_chain_heads SET hash = ${'ab'.repeat(32)} WHERE seq = ${length}`);
    }, verify);
    expect(r.problems.map((p) => p.kind).sort()).toEqual(['forged_head', 'rewritten']);
  });

  it('trusts heads signed before a key change only when told the old key', async () => {
    const other = deriveAuditChainKey(Buffer.alloc(32, 9));
    await writeAudit(db); // committed and sealed first: a row is sealable once its own transaction has ended
    await sealAll();
    const r = await tampered(
      async (tx) => {
        await signAuditChainHead(tx, { key: other });
      },
      async (tx) => [
        await verifyAuditChain(tx),
        await verifyAuditChain(tx, { trustedKeys: [parseAuditChainPublicKey(other.publicKey)] }),
      ],
    );
    expect(first(r[0])).toMatchObject({ kind: 'forged_head' });
    expect(r[1].isIntact).toBe(true);
  });

  it('the CLI function exits 0 on the intact chain and 1 naming the edited row', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await runAuditCli(['verify', '--json'], { database, key, io })).toBe(0);
    expect(JSON.parse(lines[0])).toMatchObject({ isIntact: true });
    const code = await tampered(
      (tx) =>
        tx.execute(
          sql`UPDATE audit_log SET actor_label = 'someone else' WHERE region_id = ${middle.region_id} AND id = ${middle.audit_id}`,
        ),
      (tx) => runAuditCli(['verify'], { database: { ...database, db: tx }, key, io }),
    );
    expect(code).toBe(1);
    expect(lines.at(-1)).toContain(
      `TAMPERED: edited at link ${length - 5}, audit row ${middle.region_id}/${middle.audit_id}`,
    );
    expect(await runAuditCli(['verify', '--bogus'], { database, key, io })).toBe(2);
  });
});

// The real command in a child process against an embedded data directory, as an operator runs it.
const boai = fileURLToPath(new URL('../../../bin/boai.mjs', import.meta.url));

function runBoai(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [boai, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it.runIf(!isPostgres)(
  '`boai audit verify` exits 0 on a clean PGlite data directory and 1 once a row is edited',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-audit-cli-'));
    try {
      const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
      let local = await openPglite({ dataDir: dir, loadDataDir: template });
      for (let i = 0; i < 5; i++) {
        await writeAudit(local.db);
      }
      expect(await runAuditCli(['seal'], { database: local, key, io: { out: () => {}, err: () => {} } })).toBe(0);
      await local.close();
      const { DATABASE_URL: _, ...base } = process.env;
      const env = { ...base, BOAI_DATA_DIR: dir, BOAI_SECRET_KEY: testMasterKey.toString('hex') };
      const clean = await runBoai(['audit', 'verify', '--json'], env);
      expect(clean.code, clean.stderr).toBe(0);
      expect(JSON.parse(clean.stdout)).toMatchObject({ isIntact: true, rowsChecked: 5 });

      local = await openPglite({ dataDir: dir });
      await local.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(
          sql`UPDATE audit_log SET reason = 'rewritten' WHERE id = (SELECT audit_id FROM audit_chain WHERE seq = 3)`,
        );
      });
      await local.close();
      const bad = await runBoai(['audit', 'verify', '--json'], env);
      expect(bad.code, bad.stderr).toBe(1);
      expect(JSON.parse(bad.stdout).problems[0]).toMatchObject({ kind: 'edited', seq: 3 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
