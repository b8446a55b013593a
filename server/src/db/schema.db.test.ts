// Schema rules on freshly migrated databases: the migrations give the same schema on PGlite and PostgreSQL (and the
// one the migration files declare), large tables follow the Citus rules, and every table has a recorded placement.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, withDatabase } from '../test/template';
import { type Database, type Db, openPglite, openPostgres, queryRows } from './client';
import { coordinatorTables, largeTables, referenceTables } from './large-tables';
import { migrateDatabase, migrationsFolder } from './migrate';

/**
 * Small, read-mostly tables that become Citus reference tables (copied to every node). A new table must be added
 * here, to `largeTables` or to `coordinatorTables`: this test fails until someone decides where it lives.
 */

const onPostgres = inject('dbKind') === 'postgres';

// ---------------------------------------------------------------------------------------------------------------
// Reading the catalogue

type Column = { table: string; column: string; type: string; nullable: boolean; default: string | null };
type Catalog = {
  tables: string[];
  columns: Column[];
  indexes: { table: string; name: string; def: string }[];
  constraints: { table: string; name: string; kind: string; def: string }[];
  triggers: { table: string; name: string; def: string }[];
  functions: { name: string; def: string }[];
  extensions: string[];
};

/** Spacing, the schema prefix and quoting differ between server versions without changing meaning. */
const normalise = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\bpublic\./g, '')
    .replace(/"(\w+)"/g, '$1')
    .trim();

async function readCatalog(db: Db): Promise<Catalog> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const columns = await queryRows<{
    table: string;
    column: string;
    type: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    db,
    sql`SELECT table_name AS "table", column_name AS "column", data_type AS type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const indexes = await queryRows<{ table: string; name: string; def: string }>(
    db,
    sql`SELECT tablename AS "table", indexname AS name, indexdef AS def
        FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
  );
  // contype 'n' (NOT NULL as a constraint) exists from PostgreSQL 18 on; nullability is compared via the columns.
  const constraints = await queryRows<{ table: string; name: string; kind: string; def: string }>(
    db,
    sql`SELECT t.relname AS "table", c.conname AS name, c.contype::text AS kind, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND c.contype <> 'n' ORDER BY 1, 2`,
  );
  const triggers = await queryRows<{ table: string; name: string; def: string }>(
    db,
    sql`SELECT t.relname AS "table", g.tgname AS name, pg_get_triggerdef(g.oid) AS def
        FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT g.tgisinternal ORDER BY 1, 2`,
  );
  // Our own functions only: extensions (cube, earthdistance, pg_trgm) install theirs in public too.
  const functions = await queryRows<{ name: string; def: string }>(
    db,
    sql`SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        ORDER BY 1`,
  );
  const extensions = await queryRows<{ name: string }>(db, sql`SELECT extname AS name FROM pg_extension ORDER BY 1`);
  return {
    tables: tables.map((r) => r.name),
    columns: columns.map((c) => ({
      table: c.table,
      column: c.column,
      type: c.type,
      nullable: c.is_nullable === 'YES',
      default: c.column_default === null ? null : normalise(c.column_default),
    })),
    indexes: indexes.map((i) => ({ ...i, def: normalise(i.def) })),
    constraints: constraints.map((c) => ({ ...c, def: normalise(c.def) })),
    triggers: triggers.map((g) => ({ ...g, def: normalise(g.def) })),
    functions: functions.map((f) => ({ ...f, def: normalise(f.def) })),
    extensions: extensions.map((e) => e.name),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the migration files (the drizzle-kit SQL dialect; an unknown statement fails the test so the reader grows)

type DeclaredSchema = {
  tables: Map<string, Map<string, { type: string; notNull: boolean }>>;
  /** `table.name` of every index, including those behind primary keys and unique constraints. */
  indexes: Set<string>;
  /** `table.name` of every primary key, unique, check and foreign key constraint. */
  constraints: Set<string>;
  triggers: Set<string>;
  extensions: Set<string>;
};

const typeNames: Record<string, string> = {
  serial: 'integer',
  smallserial: 'smallint',
  bigserial: 'bigint',
  timestamp: 'timestamp without time zone',
  varchar: 'character varying',
};

function columnType(declared: string): string {
  // drizzle-kit quotes custom column types (`"bytea"`).
  const t = declared.trim().toLowerCase().replace(/"/g, '');
  if (t.endsWith('[]')) {
    return 'ARRAY';
  }
  const base = t.replace(/\(.*\)$/, '');
  return typeNames[base] ?? base;
}

function parseColumn(line: string): { name: string; type: string; notNull: boolean; primaryKey: boolean } {
  const m = /^"(\w+)" (.+)$/.exec(line);
  if (!m) {
    throw new Error(`unrecognised column: ${line}`);
  }
  const rest = m[2];
  const type = rest.split(/ (?:PRIMARY KEY|DEFAULT|NOT NULL|UNIQUE|REFERENCES|GENERATED|CONSTRAINT)\b/)[0];
  const primaryKey = /\bPRIMARY KEY\b/.test(rest);
  return { name: m[1], type: columnType(type), notNull: primaryKey || /\bNOT NULL\b/.test(rest), primaryKey };
}

/** The first of `rules` whose pattern matches `text` handles it; false when none does. */
function dispatch(text: string, rules: [RegExp, (m: RegExpExecArray) => void][]): boolean {
  for (const [pattern, handle] of rules) {
    const m = pattern.exec(text);
    if (m) {
      handle(m);
      return true;
    }
  }
  return false;
}

function readMigrationFiles(): DeclaredSchema {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const schema: DeclaredSchema = {
    tables: new Map(),
    indexes: new Set(),
    constraints: new Set(),
    triggers: new Set(),
    extensions: new Set(),
  };
  const table = (name: string) => {
    const t = schema.tables.get(name);
    if (!t) {
      throw new Error(`migration refers to unknown table ${name}`);
    }
    return t;
  };
  const column = (tableName: string, name: string) => {
    const c = table(tableName).get(name);
    if (!c) {
      throw new Error(`migration refers to unknown column ${tableName}.${name}`);
    }
    return c;
  };
  const addConstraint = (tableName: string, name: string, body: string) => {
    schema.constraints.add(`${tableName}.${name}`);
    if (/^(PRIMARY KEY|UNIQUE)\b/.test(body)) {
      schema.indexes.add(`${tableName}.${name}`);
    }
  };
  const forget = (set: Set<string>, match: (key: string) => boolean) => {
    for (const key of [...set].filter(match)) {
      set.delete(key);
    }
  };
  const createTable = (name: string, body: string) => {
    const columns = new Map<string, { type: string; notNull: boolean }>();
    schema.tables.set(name, columns);
    for (const raw of body.split('\n')) {
      const line = raw.trim().replace(/,$/, '');
      if (line === '') {
        continue;
      }
      const constraint = /^CONSTRAINT "(\w+)" (.+)$/.exec(line);
      if (constraint) {
        addConstraint(name, constraint[1], constraint[2]);
        continue;
      }
      const c = parseColumn(line);
      columns.set(c.name, { type: c.type, notNull: c.notNull });
      if (c.primaryKey) {
        addConstraint(name, `${name}_pkey`, 'PRIMARY KEY');
      }
    }
  };
  const alterTable = (tag: string, name: string, action: string) => {
    const columns = table(name);
    const known = dispatch(action, [
      [
        /^ADD COLUMN "(\w+)" (.+)$/,
        (a) => {
          const c = parseColumn(`"${a[1]}" ${a[2]}`);
          columns.set(c.name, { type: c.type, notNull: c.notNull });
        },
      ],
      [/^DROP COLUMN (?:IF EXISTS )?"(\w+)"/, (a) => columns.delete(a[1])],
      [
        /^ALTER COLUMN "(\w+)" (SET|DROP) NOT NULL$/,
        (a) => {
          column(name, a[1]).notNull = a[2] === 'SET';
        },
      ],
      [
        /^ALTER COLUMN "(\w+)" SET DATA TYPE (.+?)(?: USING .*)?$/,
        (a) => {
          column(name, a[1]).type = columnType(a[2]);
        },
      ],
      // Defaults are compared between the two databases, not against the files.
      [/^ALTER COLUMN "\w+" (SET DEFAULT|DROP DEFAULT)/, () => {}],
      [
        /^RENAME COLUMN "(\w+)" TO "(\w+)"$/,
        (a) => {
          columns.set(a[2], column(name, a[1]));
          columns.delete(a[1]);
        },
      ],
      [/^ADD CONSTRAINT "(\w+)" (.+)$/, (a) => addConstraint(name, a[1], a[2])],
      [
        /^DROP CONSTRAINT (?:IF EXISTS )?"(\w+)"/,
        (a) => {
          schema.constraints.delete(`${name}.${a[1]}`);
          schema.indexes.delete(`${name}.${a[1]}`);
        },
      ],
    ]);
    if (!known) {
      throw new Error(`unrecognised ALTER TABLE in ${tag}: ${action}`);
    }
  };
  for (const { tag } of journal.entries) {
    const text = fs.readFileSync(path.join(migrationsFolder, `${tag}.sql`), 'utf8');
    for (const chunk of text.split('--> statement-breakpoint')) {
      const statement = chunk
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim()
        .replace(/;$/, '');
      if (statement === '') {
        continue;
      }
      const known = dispatch(statement, [
        [/^CREATE TABLE (?:IF NOT EXISTS )?"(\w+)" \(([\s\S]*)\)$/, (m) => createTable(m[1], m[2])],
        [
          /^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?"(\w+)" ON "(?:public"\.")?(\w+)"/,
          (m) => {
            table(m[2]);
            schema.indexes.add(`${m[2]}.${m[1]}`);
          },
        ],
        [/^ALTER TABLE "(?:public"\.")?(\w+)" ([\s\S]+)$/, (m) => alterTable(tag, m[1], m[2])],
        [
          /^DROP TABLE (?:IF EXISTS )?"(?:public"\.")?(\w+)"/,
          (m) => {
            schema.tables.delete(m[1]);
            for (const set of [schema.indexes, schema.constraints, schema.triggers]) {
              forget(set, (k) => k.startsWith(`${m[1]}.`));
            }
          },
        ],
        [
          /^DROP INDEX (?:IF EXISTS )?"(?:public"\.")?(\w+)"/,
          (m) => forget(schema.indexes, (k) => k.endsWith(`.${m[1]}`)),
        ],
        [
          /^CREATE TRIGGER (\w+) [\s\S]* ON (\w+) /,
          (m) => {
            table(m[2]);
            schema.triggers.add(`${m[2]}.${m[1]}`);
          },
        ],
        [/^CREATE EXTENSION (?:IF NOT EXISTS )?(\w+)$/, (m) => schema.extensions.add(m[1])],
        // Function bodies are compared between the two databases.
        [/^CREATE (?:OR REPLACE )?FUNCTION /, () => {}],
      ]);
      if (!known) {
        throw new Error(`unrecognised statement in ${tag}: ${statement.slice(0, 120)}`);
      }
    }
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------------------------
// The Citus rules

type KeyRow = { table: string; name: string; columns: string[]; primary: boolean };

const asArray = (v: unknown): string[] =>
  Array.isArray(v)
    ? (v as string[])
    : String(v)
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);

/** Every violation of the large-table rules (see ARCHITECTURE.md, "Growing past one machine"); [] when all hold. */
async function citusViolations(db: Db, large: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const regionColumns = await queryRows<{ table: string; is_nullable: string }>(
    db,
    sql`SELECT table_name AS "table", is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'region_id'`,
  );
  // Unique indexes cover primary keys and unique constraints alike; expression columns (attnum 0) never count.
  const keys = (
    await queryRows<{ table: string; name: string; columns: unknown; primary: boolean }>(
      db,
      sql`SELECT t.relname AS "table", i.relname AS name, ix.indisprimary AS "primary",
                 ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) AS k(attnum)
                       JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns
          FROM pg_index ix
          JOIN pg_class i ON i.oid = ix.indexrelid
          JOIN pg_class t ON t.oid = ix.indrelid
          JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public' AND ix.indisunique`,
    )
  ).map((k): KeyRow => ({ ...k, columns: asArray(k.columns) }));
  const foreignKeys = (
    await queryRows<{ name: string; source: string; target: string; columns: unknown; ref_columns: unknown }>(
      db,
      sql`SELECT c.conname AS name, s.relname AS source, d.relname AS target,
                 ARRAY(SELECT a.attname::text FROM unnest(c.conkey) AS k(attnum)
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
                 ARRAY(SELECT a.attname::text FROM unnest(c.confkey) AS k(attnum)
                       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns
          FROM pg_constraint c
          JOIN pg_class s ON s.oid = c.conrelid
          JOIN pg_class d ON d.oid = c.confrelid
          JOIN pg_namespace n ON n.oid = s.relnamespace
          WHERE n.nspname = 'public' AND c.contype = 'f'`,
    )
  ).map((f) => ({ ...f, columns: asArray(f.columns), ref_columns: asArray(f.ref_columns) }));

  for (const table of large) {
    const region = regionColumns.find((c) => c.table === table);
    if (!region) {
      problems.push(`${table}: no region_id column`);
    } else if (region.is_nullable !== 'NO') {
      problems.push(`${table}: region_id may be NULL`);
    }
    const tableKeys = keys.filter((k) => k.table === table);
    if (!tableKeys.some((k) => k.primary)) {
      problems.push(`${table}: no primary key`);
    }
    for (const key of tableKeys) {
      if (!key.columns.includes('region_id')) {
        problems.push(`${table}: ${key.primary ? 'primary key' : 'unique index'} ${key.name} lacks region_id`);
      }
    }
  }
  for (const fk of foreignKeys) {
    if (!large.includes(fk.target)) {
      continue;
    }
    if (!large.includes(fk.source)) {
      problems.push(`${fk.source}: foreign key ${fk.name} points at the large table ${fk.target}`);
    } else if (!fk.columns.includes('region_id') || !fk.ref_columns.includes('region_id')) {
      problems.push(`${fk.source}: foreign key ${fk.name} to ${fk.target} lacks region_id`);
    }
  }
  return problems.sort();
}

// ---------------------------------------------------------------------------------------------------------------

/** A fresh database on the server in TEST_DATABASE_URL, migrated from nothing (not the shared template). */
async function freshPostgres(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = inject('postgresUrl');
  const name = `boai_schema_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const database = await openPostgres(withDatabase(url, name), { max: 2 });
  await migrateDatabase(database);
  return { database, drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

let pglite: Database;
let postgres: { database: Database; drop: () => Promise<void> } | undefined;
/** The database of this test project, freshly migrated: PGlite, or PostgreSQL in the postgres project. */
let subject: Database;

beforeAll(async () => {
  pglite = await openPglite({});
  await migrateDatabase(pglite);
  if (onPostgres) {
    postgres = await freshPostgres();
  }
  subject = postgres?.database ?? pglite;
});

afterAll(async () => {
  await pglite?.close();
  if (postgres) {
    await postgres.database.close();
    await postgres.drop();
  }
});

describe('the migrated schema', () => {
  it(`gives ${onPostgres ? 'PostgreSQL' : 'PGlite'} the tables, columns, indexes and constraints the migration files declare`, async () => {
    const declared = readMigrationFiles();
    const catalog = await readCatalog(subject.db);

    expect(catalog.tables).toEqual([...declared.tables.keys()].sort());
    for (const [table, columns] of declared.tables) {
      const actual = catalog.columns
        .filter((c) => c.table === table)
        .map((c) => [c.column, c.type, c.nullable ? 'NULL' : 'NOT NULL'])
        .sort();
      const expected = [...columns].map(([name, c]) => [name, c.type, c.notNull ? 'NOT NULL' : 'NULL']).sort();
      expect(actual, table).toEqual(expected);
    }
    expect(catalog.indexes.map((i) => `${i.table}.${i.name}`).sort()).toEqual([...declared.indexes].sort());
    expect(catalog.constraints.map((c) => `${c.table}.${c.name}`).sort()).toEqual([...declared.constraints].sort());
    expect(catalog.triggers.map((g) => `${g.table}.${g.name}`).sort()).toEqual([...declared.triggers].sort());
    expect(catalog.extensions.filter((e) => e !== 'plpgsql')).toEqual([...declared.extensions].sort());
  });

  if (onPostgres) {
    it('gives PostgreSQL exactly the schema PGlite gets: columns, defaults, indexes, constraints, triggers, functions', async () => {
      const onPglite = await readCatalog(pglite.db);
      const onServer = await readCatalog(postgres!.database.db);
      expect(onServer.tables).toEqual(onPglite.tables);
      expect(onServer.columns).toEqual(onPglite.columns);
      expect(onServer.indexes).toEqual(onPglite.indexes);
      expect(onServer.constraints).toEqual(onPglite.constraints);
      expect(onServer.triggers).toEqual(onPglite.triggers);
      expect(onServer.functions).toEqual(onPglite.functions);
      expect(onServer.extensions).toEqual(onPglite.extensions);
    });
  }
});

describe('rules for distributing the schema with Citus', () => {
  it('gives every large table a NOT NULL region_id that its primary key and every unique index include', async () => {
    expect(largeTables.length).toBeGreaterThan(0);
    const problems = await citusViolations(subject.db, largeTables);
    expect(problems.filter((p) => !p.includes('foreign key'))).toEqual([]);
  });

  it('lets no foreign key point from a small table into a large one, and large-to-large keys carry region_id', async () => {
    const problems = await citusViolations(subject.db, largeTables);
    expect(problems.filter((p) => p.includes('foreign key'))).toEqual([]);
  });

  it('catches a table that breaks the rules (the checker itself can fail)', async () => {
    const rollback = new Error('rollback');
    let problems: string[] = [];
    await subject.db
      .transaction(async (tx) => {
        await tx.execute(sql`CREATE TABLE zz_bad_large (id uuid PRIMARY KEY, region_id integer, code text UNIQUE)`);
        await tx.execute(sql`CREATE UNIQUE INDEX zz_bad_large_lower ON zz_bad_large (lower(code), region_id)`);
        await tx.execute(sql`CREATE TABLE zz_small (id serial PRIMARY KEY, bad_id uuid REFERENCES zz_bad_large(id))`);
        problems = await citusViolations(tx, [...largeTables, 'zz_bad_large']);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) {
          throw error;
        }
      });
    expect(problems).toEqual([
      'zz_bad_large: primary key zz_bad_large_pkey lacks region_id',
      'zz_bad_large: region_id may be NULL',
      'zz_bad_large: unique index zz_bad_large_code_key lacks region_id',
      'zz_small: foreign key zz_small_bad_id_fkey points at the large table zz_bad_large',
    ]);
    const [left] = await queryRows<{ n: number }>(
      subject.db,
      sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'zz_%'`,
    );
    expect(Number(left.n)).toBe(0);
  });
});

describe('table placement', () => {
  it('places every table in exactly one of: large (distributed), coordinator, reference', async () => {
    const { tables } = await readCatalog(subject.db);
    const placed: string[] = [...largeTables, ...coordinatorTables, ...referenceTables];
    expect(new Set(placed).size, 'a table is listed twice').toBe(placed.length);
    expect(
      tables.filter((t) => !placed.includes(t)),
      'tables with no placement decided',
    ).toEqual([]);
    expect(
      placed.filter((t) => !tables.includes(t)),
      'listed tables that do not exist',
    ).toEqual([]);
  });
});
