// PII key rotation: re-encrypts every registered column under the current key, table by table in primary-key order.
// Each batch is one transaction that rewrites its rows and advances the table's cursor in pii_rotations, so a crash
// at any moment loses nothing and the next run (`boai keys rotate`, or the server's background job) continues from
// the cursor. Blind indexes and token hashes stay under the lookup key (docs/operations.md, "Keys").
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { loadConfig } from '../config';
import { type Db, queryRows } from '../db/client';
import { recordAudit } from './audit/audit.service';
import type { Ctx } from './http/context';
import { defineJob } from './jobs/jobs.service';
import { type Pii, pii } from './pii';
import { type PiiRow, type PiiTable, piiTables } from './pii-registry';
import { piiRotations } from './pii-rotation.tables';
import { systemActor } from './rbac/actor';

type Column = { name: string; type: string };
type Plan = { entry: PiiTable; name: string; key: Column[]; text: string[]; json: string[]; extra: string[] };

function planOf(entry: PiiTable): Plan {
  const cfg = getTableConfig(entry.table as PgTable);
  const byName = new Map(cfg.columns.map((c) => [c.name, c]));
  const keyNames = cfg.primaryKeys.length
    ? cfg.primaryKeys[0].columns.map((c) => c.name)
    : cfg.columns.filter((c) => c.primary).map((c) => c.name);
  const extra = entry.indexes.flatMap((i) =>
    i.from ? [i.from.enc, ...['id_type', 'payer_id_type'].filter((c) => byName.has(c))] : [],
  );
  return {
    entry,
    name: cfg.name,
    key: keyNames.map((n) => ({ name: n, type: byName.get(n)?.getSQLType() ?? 'text' })),
    text: entry.encrypted,
    json: entry.encryptedJson ?? [],
    extra: [...new Set(extra)],
  };
}

/** The tables a rotation passes over: those with encrypted columns (index-only tables keep the lookup key). */
export const rotationPlans = (): Plan[] =>
  piiTables.filter((t) => t.encrypted.length > 0 || (t.encryptedJson ?? []).length > 0).map(planOf);

const ident = (name: string) => sql.identifier(name);
const list = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

/** Thrown when a rotation cannot start or continue safely; nothing has been written. */
export class RotationRefused extends Error {}

const ctxOf = (label: string): Ctx => ({ actor: systemActor(label), requestId: null, ip: null, locale: 'zh' });

/** Replaces every ciphertext under an `…Enc` key of a JSON value; returns the new value and whether anything changed. */
function rotateJson(value: unknown, reencrypt: (c: string) => string | null): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = rotateJson(v, reencrypt);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (/Enc$/.test(k) && typeof v === 'string') {
        const n = reencrypt(v);
        changed ||= n !== null;
        out[k] = n ?? v;
      } else {
        const r = rotateJson(v, reencrypt);
        changed ||= r.changed;
        out[k] = r.value;
      }
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/** Every ciphertext in a JSON value (under `…Enc` keys). */
function jsonCiphertexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) {
      jsonCiphertexts(v, out);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/Enc$/.test(k) && typeof v === 'string') {
        out.push(v);
      } else {
        jsonCiphertexts(v, out);
      }
    }
  }
  return out;
}

/** A re-encrypter for the current key: null when the value is already under it (idempotent). */
function reencrypter(p: Pii) {
  const prefix = `v2.${p.currentKeyId}.`;
  return (c: string): string | null => (c.startsWith(prefix) ? null : p.encrypt(p.decrypt(c)));
}

/**
 * Checks, before anything is written, that every ciphertext's key is configured (the key ids found in each column,
 * and one original-format value per column decrypts) and that the blind indexes are under the configured lookup key.
 * Throws RotationRefused listing every problem.
 */
export async function preflight(db: Db, p: Pii = pii()): Promise<void> {
  const problems: string[] = [];
  for (const plan of rotationPlans()) {
    for (const col of [...plan.text, ...plan.json]) {
      const asText = plan.json.includes(col) ? sql`${ident(col)}::text` : sql`${ident(col)}`;
      const ids = await queryRows<{ kid: string }>(
        db,
        sql`SELECT DISTINCT m[1] AS kid FROM ${ident(plan.name)}, regexp_matches(${asText}, 'v2\\.([0-9a-f]{8})\\.', 'g') AS m`,
      );
      for (const { kid } of ids) {
        if (!p.keyIds.includes(kid)) {
          problems.push(`${plan.name}.${col}: values under key ${kid}, which is not configured`);
        }
      }
      const [v1] = await queryRows<{ v: unknown }>(
        db,
        sql`SELECT ${ident(col)} AS v FROM ${ident(plan.name)} WHERE ${asText} LIKE ${plan.json.includes(col) ? '%"v1.%' : 'v1.%'} LIMIT 1`,
      );
      if (v1) {
        const sample = typeof v1.v === 'string' ? [v1.v] : jsonCiphertexts(v1.v).filter((c) => c.startsWith('v1.'));
        if (sample.some((c) => p.keyIdOf(c) === null)) {
          problems.push(`${plan.name}.${col}: original-format (v1) values that no configured key decrypts`);
        }
      }
    }
    for (const index of plan.entry.indexes) {
      if (!index.from) {
        continue;
      }
      const rows = await queryRows<PiiRow>(
        db,
        sql`SELECT ${list([index.column, ...plan.extra])} FROM ${ident(plan.name)}
            WHERE ${ident(index.column)} IS NOT NULL AND ${ident(index.from.enc)} IS NOT NULL LIMIT 5`,
      );
      const from = index.from;
      const wrong = rows.filter((r) => {
        try {
          return p.blindIndex(index.domain, from.normalise(p.decrypt(String(r[from.enc])), r)) !== r[index.column];
        } catch {
          return false; // an undecryptable value is reported above
        }
      });
      if (wrong.length > 0) {
        problems.push(
          `${plan.name}.${index.column}: blind indexes are not under the configured lookup key (BOAI_LOOKUP_SECRET_KEY must be the key they were made with)`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new RotationRefused(`key rotation refused, nothing was written:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Starts the rotation to the current key (one pii_rotations row per registered table and an audit row), after the
 * preflight check; a no-op when it was started before. Returns the target key id.
 */
export async function startRotation(db: Db, label = 'keys.rotate'): Promise<{ toKeyId: string; started: boolean }> {
  const p = pii();
  const toKeyId = p.currentKeyId;
  const plans = rotationPlans();
  const existing = await db.select().from(piiRotations).where(eq(piiRotations.toKeyId, toKeyId));
  if (existing.length === plans.length) {
    return { toKeyId, started: false };
  }
  await preflight(db, p);
  const fromKeyIds = p.keyIds.filter((k) => k !== toKeyId).join(',') || '-';
  const started = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(piiRotations)
      .values(plans.map((pl) => ({ toKeyId, tableName: pl.name, fromKeyIds })))
      .onConflictDoNothing()
      .returning({ t: piiRotations.tableName });
    if (inserted.length > 0) {
      await recordAudit(tx, ctxOf(label), {
        action: 'pii.rotation.start',
        entityType: 'pii_rotation',
        entityId: toKeyId,
        after: { toKeyId, fromKeyIds, tables: plans.map((pl) => pl.name) },
      });
    }
    return inserted.length > 0;
  });
  return { toKeyId, started };
}

export type RunOptions = {
  batchSize?: number;
  /** Stop (leaving the rest for the next run) after this many batches / at this time. */
  maxBatches?: number;
  until?: number;
  /** Called inside each batch's transaction before it commits (tests use it to crash a batch). */
  beforeCommit?: (table: string) => void | Promise<void>;
  /** Called after each committed batch (tests use it to stop a run part-way). */
  afterBatch?: (table: string, rows: number) => void | Promise<void>;
  label?: string;
};

/** Processes batches of the started rotation to the current key; returns true when every table is finished. */
export async function runRotation(db: Db, opts: RunOptions = {}): Promise<boolean> {
  const p = pii();
  const toKeyId = p.currentKeyId;
  const size = opts.batchSize ?? 500;
  const reencrypt = reencrypter(p);
  let batches = 0;
  for (const plan of rotationPlans()) {
    for (;;) {
      if ((opts.maxBatches !== undefined && batches >= opts.maxBatches) || (opts.until && Date.now() >= opts.until)) {
        return false;
      }
      const rows = await db.transaction(async (tx) => {
        // The lock on the table's progress row serialises runners (the CLI and every instance's job).
        const [state] = await queryRows<{ cursor: string[] | null; finished_at: unknown }>(
          tx,
          sql`SELECT cursor, finished_at FROM pii_rotations WHERE to_key_id = ${toKeyId} AND table_name = ${plan.name} FOR UPDATE`,
        );
        if (!state) {
          throw new RotationRefused(`no rotation to key ${toKeyId} was started (boai keys rotate)`);
        }
        if (state.finished_at) {
          return null;
        }
        const keyList = list(plan.key.map((k) => k.name));
        const after = state.cursor
          ? sql`WHERE (${keyList}) > (${sql.join(
              plan.key.map((k, i) => sql`${state.cursor?.[i]}::${sql.raw(k.type)}`),
              sql`, `,
            )})`
          : sql``;
        const batch = await queryRows<PiiRow>(
          tx,
          sql`SELECT ${list([...new Set([...plan.key.map((k) => k.name), ...plan.text, ...plan.json])])}
              FROM ${ident(plan.name)} ${after} ORDER BY ${keyList} LIMIT ${size} FOR UPDATE`,
        );
        let changed = 0;
        for (const row of batch) {
          const sets = [];
          for (const col of plan.text) {
            const v = row[col];
            const n = typeof v === 'string' ? reencrypt(v) : null;
            if (n !== null) {
              sets.push(sql`${ident(col)} = ${n}`);
            }
          }
          for (const col of plan.json) {
            const r = rotateJson(row[col], reencrypt);
            if (r.changed) {
              sets.push(sql`${ident(col)} = ${JSON.stringify(r.value)}::jsonb`);
            }
          }
          if (sets.length > 0) {
            changed++;
            await tx.execute(
              sql`UPDATE ${ident(plan.name)} SET ${sql.join(sets, sql`, `)} WHERE ${sql.join(
                plan.key.map((k) => sql`${ident(k.name)} = ${String(row[k.name])}::${sql.raw(k.type)}`),
                sql` AND `,
              )}`,
            );
          }
        }
        const last = batch.at(-1);
        const finished = batch.length < size;
        await tx
          .update(piiRotations)
          .set({
            cursor: last ? plan.key.map((k) => String(last[k.name])) : state.cursor,
            rowsDone: sql`${piiRotations.rowsDone} + ${batch.length}`,
            rowsChanged: sql`${piiRotations.rowsChanged} + ${changed}`,
            updatedAt: new Date(),
            finishedAt: finished ? new Date() : null,
          })
          .where(and(eq(piiRotations.toKeyId, toKeyId), eq(piiRotations.tableName, plan.name)));
        if (finished) {
          await auditFinishIfLast(tx, toKeyId, opts.label ?? 'keys.rotate');
        }
        await opts.beforeCommit?.(plan.name);
        return batch.length;
      });
      if (rows === null) {
        break;
      }
      batches++;
      await opts.afterBatch?.(plan.name, rows);
      if (rows < size) {
        break;
      }
    }
  }
  return true;
}

async function auditFinishIfLast(tx: Db, toKeyId: string, label: string) {
  const open = await tx
    .select({ t: piiRotations.tableName })
    .from(piiRotations)
    .where(and(eq(piiRotations.toKeyId, toKeyId), isNull(piiRotations.finishedAt)));
  if (open.length > 0) {
    return;
  }
  const rows = await tx.select().from(piiRotations).where(eq(piiRotations.toKeyId, toKeyId));
  await recordAudit(tx, ctxOf(label), {
    action: 'pii.rotation.finish',
    entityType: 'pii_rotation',
    entityId: toKeyId,
    after: {
      toKeyId,
      rowsDone: rows.reduce((s, r) => s + Number(r.rowsDone), 0),
      rowsChanged: rows.reduce((s, r) => s + Number(r.rowsChanged), 0),
    },
  });
}

export type TableStatus = {
  table: string;
  rowsDone: number;
  rowsChanged: number;
  finished: boolean;
  /** Values in the table not under the current key (counted now, not from the cursor). */
  remaining: number;
};

export type RotationStatus = {
  currentKeyId: string;
  configuredKeyIds: string[];
  started: boolean;
  finished: boolean;
  tables: TableStatus[];
  /** True when no value anywhere is under another key: the previous keys may be removed from the configuration. */
  previousKeysDroppable: boolean;
};

/** Progress per table, and a count of the values not yet under the current key (a full scan of the columns). */
export async function rotationStatus(db: Db): Promise<RotationStatus> {
  const p = pii();
  const rows = await db.select().from(piiRotations).where(eq(piiRotations.toKeyId, p.currentKeyId));
  const prefix = `v2.${p.currentKeyId}.%`;
  const tables: TableStatus[] = [];
  for (const plan of rotationPlans()) {
    const conds = [
      ...plan.text.map((c) => sql`count(*) FILTER (WHERE ${ident(c)} IS NOT NULL AND ${ident(c)} NOT LIKE ${prefix})`),
      ...plan.json.map(
        (c) => sql`count(*) FILTER (WHERE ${ident(c)}::text ~ ${`"v1\\.|"v2\\.(?!${p.currentKeyId}\\.)`})`,
      ),
    ];
    let remaining = 0;
    if (conds.length > 0) {
      const [r] = await queryRows<Record<string, unknown>>(
        db,
        sql`SELECT ${sql.join(
          conds.map((c, i) => sql`${c} AS ${ident(`n${i}`)}`),
          sql`, `,
        )} FROM ${ident(plan.name)}`,
      );
      remaining = Object.values(r ?? {}).reduce((s: number, v) => s + Number(v), 0);
    }
    const row = rows.find((r) => r.tableName === plan.name);
    tables.push({
      table: plan.name,
      rowsDone: Number(row?.rowsDone ?? 0),
      rowsChanged: Number(row?.rowsChanged ?? 0),
      finished: Boolean(row?.finishedAt),
      remaining,
    });
  }
  const finished = tables.length > 0 && tables.every((t) => t.finished);
  return {
    currentKeyId: p.currentKeyId,
    configuredKeyIds: p.keyIds,
    started: rows.length > 0,
    finished,
    tables,
    previousKeysDroppable: tables.every((t) => t.remaining === 0),
  };
}

/**
 * The background job: while previous keys are configured and values remain under them, starts the rotation (once)
 * and re-encrypts in batches for up to 20 s a run; every minute on every instance (the progress-row lock keeps
 * runners from overlapping).
 */
export function definePiiRotationJob(): void {
  defineJob(
    'pii.rotate',
    async (db) => {
      const p = pii();
      if (p.keyIds.length < 2) {
        return;
      }
      const started = await db
        .select({ t: piiRotations.tableName })
        .from(piiRotations)
        .where(eq(piiRotations.toKeyId, p.currentKeyId))
        .limit(1);
      if (started.length > 0 && (await unfinished(db, p.currentKeyId)) === 0) {
        return;
      }
      await startRotation(db, 'keys.rotate-job');
      await runRotation(db, { until: Date.now() + 20_000, label: 'keys.rotate-job' });
    },
    { everyMs: 60_000, transactional: false },
  );
}

async function unfinished(db: Db, toKeyId: string): Promise<number> {
  const rows = await db
    .select({ t: piiRotations.tableName })
    .from(piiRotations)
    .where(and(eq(piiRotations.toKeyId, toKeyId), isNull(piiRotations.finishedAt)));
  return rows.length;
}

function printStatus(s: RotationStatus): void {
  console.log(`current key ${s.currentKeyId}; configured keys: ${s.configuredKeyIds.join(', ')}`);
  if (!s.started) {
    console.log('no rotation to the current key has been started (boai keys rotate)');
  }
  console.log(
    `${'table'.padEnd(32)} ${'rows done'.padStart(10)} ${'changed'.padStart(10)} ${'values left'.padStart(12)}  state`,
  );
  for (const t of s.tables) {
    const state = t.finished ? 'finished' : s.started ? 'in progress' : '-';
    console.log(
      `${t.table.padEnd(32)} ${String(t.rowsDone).padStart(10)} ${String(t.rowsChanged).padStart(10)} ${String(t.remaining).padStart(12)}  ${state}`,
    );
  }
  console.log(
    s.previousKeysDroppable
      ? 'every value is under the current key: the previous keys may be removed from BOAI_PREVIOUS_SECRET_KEYS (keep BOAI_LOOKUP_SECRET_KEY)'
      : 'values remain under previous keys: keep BOAI_PREVIOUS_SECRET_KEYS until `boai keys rotate` finishes',
  );
}

const keysUsage = `usage: boai keys rotate [--batch N]   re-encrypt every personal-data column under BOAI_SECRET_KEY (resumes)
       boai keys status               progress per table, and whether the previous keys can be removed`;

/** `boai keys rotate | status`: returns the process exit code. */
export async function runKeysCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'rotate' && command !== 'status') {
    console.error(keysUsage);
    return 2;
  }
  const batchAt = rest.indexOf('--batch');
  const batchSize = batchAt >= 0 ? Number(rest[batchAt + 1]) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    console.error('--batch must be a whole number from 1 to 100000');
    return 2;
  }
  const { openConfigured, migrate } = await import('../server');
  const database = await openConfigured(loadConfig());
  try {
    await migrate(database);
    if (command === 'status') {
      printStatus(await rotationStatus(database.db));
      return 0;
    }
    const { toKeyId, started } = await startRotation(database.db);
    console.log(started ? `rotation to key ${toKeyId} started` : `resuming the rotation to key ${toKeyId}`);
    let done = 0;
    await runRotation(database.db, {
      batchSize,
      afterBatch: (table, rows) => {
        done += rows;
        if (rows > 0) {
          console.log(`  ${table}: ${rows} rows (${done} this run)`);
        }
      },
    });
    printStatus(await rotationStatus(database.db));
    return 0;
  } catch (error) {
    if (error instanceof RotationRefused) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
