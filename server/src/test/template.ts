// Builds the migrated template database once per test run: a PGlite data-dir dump, or a PostgreSQL template database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { ensureKpiCatalogue } from '../modules/kpi/kpi.service';
import { seedReliefKinds } from '../modules/relief/relief.service';
import { ensureServiceReference } from '../modules/services/services.service';
import { ensureTrainingReference } from '../modules/training/training.service';
import { syncBuiltinRoles } from '../platform/rbac/rbac.service';

export async function buildPgliteTemplate(): Promise<string> {
  const database = await openPglite({});
  await migrateDatabase(database);
  await syncBuiltinRoles(database.db);
  await seedReliefKinds(database.db);
  await ensureServiceReference(database.db);
  await ensureTrainingReference(database.db);
  await ensureKpiCatalogue(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `boai-template-${process.pid}-${Date.now()}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  return file;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates and migrates a template database on the server at `url`; returns its name. */
export async function buildPostgresTemplate(url: string): Promise<string> {
  const name = `boai_tpl_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const database = await openPostgres(withDatabase(url, name), { max: 2 });
  await migrateDatabase(database);
  await syncBuiltinRoles(database.db);
  await seedReliefKinds(database.db);
  await ensureServiceReference(database.db);
  await ensureTrainingReference(database.db);
  await ensureKpiCatalogue(database.db);
  await database.close();
  return name;
}
