// The training catalogue every install starts with: the default courses and the starter question bank.
import type { Db } from '../../db/client';
import { ensureCourseCatalogue } from './training-catalogue';
import { ensureQuestionBank } from './training-question-bank';

export async function ensureTrainingReference(db: Db): Promise<void> {
  await ensureCourseCatalogue(db);
  await ensureQuestionBank(db);
}
