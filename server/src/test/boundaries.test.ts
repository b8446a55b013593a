// Module boundaries, checked on the source: tables are private to their repo; schema files stay browser-safe.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

const files = listFiles(srcRoot).filter((f) => !f.endsWith('.test.ts'));
const rel = (f: string) => path.relative(srcRoot, f);

/** The per-request session query joins grants, roles and org paths in one round trip (see docs/architecture.md). */
const declaredExceptions = new Set([
  'platform/auth/auth.repo.ts -> modules/orgs/orgs.tables',
  'platform/auth/auth.repo.ts -> platform/rbac/rbac.tables',
  'platform/auth/users.repo.ts -> platform/rbac/rbac.tables',
  // The key rotation re-encrypts rows of every module generically (like a migration), from the one registry of
  // encrypted and blind-indexed columns, and keeps its cursor in its own table.
  'platform/pii-rotation.ts -> platform/pii-rotation.tables',
]);
/** Importers that may name any module's tables: the schema index, and the registry of encrypted columns. */
const crossModuleRegistries = new Set(['db/schema.ts', 'platform/pii-registry.ts']);

describe('module boundaries', () => {
  it('lets only a module repo (and the schema index) import that module tables', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        if (!spec.endsWith('.tables') || !spec.startsWith('.')) {
          continue;
        }
        const target = rel(path.resolve(path.dirname(file), spec));
        const importer = rel(file);
        const sameFolder = path.dirname(target) === path.dirname(importer);
        const isRepo = importer.endsWith('.repo.ts');
        // A module's personal-data declaration (<module>.privacy.ts) names its tables, as a repo does.
        const isPrivacy = importer.endsWith('.privacy.ts');
        if (
          crossModuleRegistries.has(importer) ||
          (sameFolder && (isRepo || isPrivacy || importer.endsWith('.tables.ts')))
        ) {
          continue;
        }
        if (!declaredExceptions.has(`${importer} -> ${target}`)) {
          violations.push(`${importer} imports ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps *.schemas.ts free of server code so the web app can import them', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.schemas.ts'))) {
      for (const spec of importsOf(file)) {
        if (spec !== 'zod' && !spec.endsWith('.schemas')) {
          violations.push(`${rel(file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const readers = files.filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8'))).map(rel);
    expect(readers.filter((f) => f !== 'config.ts' && !f.startsWith('test/'))).toEqual([]);
  });
});
