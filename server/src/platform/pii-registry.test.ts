// Every encrypted or hash-named column of the schema is either in the PII registry (so a key rotation re-encrypts it)
// or named as not a blind index; the registry names no column that does not exist.
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../db/schema';
import { notPiiIndexColumns, piiTables } from './pii-registry';

const tables = (Object.values(schema).filter((t) => is(t, PgTable)) as PgTable[]).map((t) => getTableConfig(t));

/** The schema's `*_enc` and `*_hash`-style columns that the registry does not account for. */
export function unlisted(schemaTables: { name: string; columns: { name: string }[] }[]): string[] {
  const encrypted = new Set(piiTables.flatMap((t) => t.encrypted.map((c) => `${getTableConfig(t.table).name}.${c}`)));
  const indexes = new Set(
    piiTables.flatMap((t) => t.indexes.map((i) => `${getTableConfig(t.table).name}.${i.column}`)),
  );
  const out: string[] = [];
  for (const t of schemaTables) {
    for (const c of t.columns) {
      const name = `${t.name}.${c.name}`;
      if (/_enc$/.test(c.name) && !encrypted.has(name)) {
        out.push(name);
      }
      if (/_(hash|hmac|digest)$/.test(c.name) && !indexes.has(name) && !(name in notPiiIndexColumns)) {
        out.push(name);
      }
    }
  }
  return out;
}

describe('the PII registry', () => {
  it('lists every encrypted and blind-index column of the schema', () => {
    expect(unlisted(tables)).toEqual([]);
  });

  it('catches a table that gains an unlisted personal-data column (the check can fail)', () => {
    const extra = { name: 'new_things', columns: [{ name: 'id' }, { name: 'phone_enc' }, { name: 'phone_hash' }] };
    expect(unlisted([...tables, extra]).filter((n) => !unlisted(tables).includes(n))).toEqual([
      'new_things.phone_enc',
      'new_things.phone_hash',
    ]);
  });

  it('names only columns that exist, each once', () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const entry of piiTables) {
      const cfg = getTableConfig(entry.table);
      expect(seen.has(cfg.name), `${cfg.name} listed twice`).toBe(false);
      seen.add(cfg.name);
      const cols = new Map(cfg.columns.map((c) => [c.name, c]));
      for (const name of [
        ...entry.encrypted,
        ...(entry.encryptedJson ?? []),
        ...entry.indexes.flatMap((i) => [i.column, ...(i.from ? [i.from.enc] : [])]),
      ]) {
        if (!cols.has(name)) {
          missing.push(`${cfg.name}.${name}`);
        }
      }
      for (const name of entry.encryptedJson ?? []) {
        expect(cols.get(name)?.getSQLType(), `${cfg.name}.${name}`).toBe('jsonb');
      }
    }
    const existing = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
    expect(missing).toEqual([]);
    expect(Object.keys(notPiiIndexColumns).filter((c) => !existing.has(c))).toEqual([]);
  });
});
