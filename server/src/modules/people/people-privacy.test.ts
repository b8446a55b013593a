// The personal-data declarations cover the schema: every table holding personal columns is declared by some module,
// every column a declaration names exists, and anonymisation clears every encrypted column and blind index.
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { privacyDeclarations } from './people-privacy';
import { columnProps } from './people-privacy.repo';
import { tableName } from './privacy-declaration';

const tables = Object.values(schema).filter((v) => v instanceof PgTable) as unknown as PgTable[];

/** Column names that hold (or derive from) personal data, or point at a person. */
const personal = /(_enc$|_hash$|phone|id_number|birth|(^|_)name$|person_id$|account_id$)/;
/** Encrypted values and blind indexes of ID numbers and phones: anonymisation must clear or replace them all. */
const mustClear = /(_enc$|(id_number|phone|payer_id)_hash$)/;

function declaredTables() {
  const seen = new Map<string, string>();
  for (const d of privacyDeclarations) {
    const all = [
      ...d.tables.map((r) => r.table),
      ...(d.notSubjectData ?? []).map((x) => x.table),
      ...(d.linked ?? []).map((x) => x.table),
      ...(d.unmatched ?? []).map((x) => x.table),
    ];
    for (const t of all) {
      const name = tableName(t);
      expect(seen.has(name), `${name} declared by ${seen.get(name)} and ${d.module}`).toBe(false);
      seen.set(name, d.module);
    }
  }
  return seen;
}

describe('personal-data declarations', () => {
  it('cover every table that holds personal columns', () => {
    const declared = declaredTables();
    const missing = tables
      .map((t) => getTableConfig(t))
      .filter((c) => c.columns.some((col) => personal.test(col.name)))
      .map((c) => c.name)
      .filter((name) => !declared.has(name));
    expect(missing).toEqual([]);
  });

  it('catches an undeclared table (the check itself can fail)', () => {
    const declared = declaredTables();
    const undeclared = () =>
      tables
        .map((t) => getTableConfig(t))
        .filter((c) => c.columns.some((col) => personal.test(col.name)))
        .filter((c) => !declared.has(c.name))
        .map((c) => c.name);
    const before = undeclared();
    declared.delete('people');
    expect(undeclared().filter((n) => !before.includes(n))).toEqual(['people']);
  });

  it('names only columns that exist, and anonymisation leaves no encrypted value or blind index behind', () => {
    const problems: string[] = [];
    for (const d of privacyDeclarations) {
      for (const rule of d.tables) {
        const name = tableName(rule.table);
        const props = columnProps(rule.table);
        const e = rule.erase;
        const named =
          e.action === 'anonymise'
            ? [...(e.pseudonym ?? []), ...(e.clear ?? []), ...(e.blank ?? []), ...Object.keys(e.fixed ?? {})]
            : [];
        for (const p of [...named, ...(rule.exportOmit ?? [])]) {
          if (!props.includes(p)) {
            problems.push(`${name}.${p} does not exist`);
          }
        }
        if (e.action === 'anonymise') {
          const cols = rule.table as unknown as Record<string, { notNull?: boolean }>;
          for (const p of e.clear ?? []) {
            if (cols[p]?.notNull) {
              problems.push(`${name}.${p} is NOT NULL and cannot be cleared`);
            }
          }
          const columns = getTableConfig(rule.table).columns;
          const byName = new Map(
            Object.entries(rule.table as unknown as Record<string, { name?: string }>).map(([k, v]) => [v?.name, k]),
          );
          for (const col of columns.filter((c) => mustClear.test(c.name))) {
            const prop = byName.get(col.name);
            if (!prop || !named.includes(prop)) {
              problems.push(`${name}.${col.name} is left as is by anonymisation`);
            }
          }
        }
        if (Object.keys(rule.find).length === 0) {
          problems.push(`${name} has no way to find a person's rows`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
