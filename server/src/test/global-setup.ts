// Vitest global setup: one migrated template per run (PGlite dump, or a PostgreSQL template when TEST_DATABASE_URL is set).
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { adminQuery, buildPgliteTemplate, buildPostgresTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    dbKind: 'pglite' | 'postgres';
    pgliteTemplate: string;
    postgresUrl: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = (project.config.env?.BOAI_TEST_DB as 'pglite' | 'postgres' | undefined) ?? 'pglite';
  project.provide('dbKind', kind);
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) {
      throw new Error('the postgres test project needs TEST_DATABASE_URL');
    }
    const template = await buildPostgresTemplate(url);
    project.provide('postgresUrl', url);
    project.provide('postgresTemplate', template);
    project.provide('pgliteTemplate', '');
    return async () => {
      await adminQuery(url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
    };
  }
  const file = await buildPgliteTemplate();
  project.provide('pgliteTemplate', file);
  project.provide('postgresUrl', '');
  project.provide('postgresTemplate', '');
  return () => fs.rmSync(file, { force: true });
}
