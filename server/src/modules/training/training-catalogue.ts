// Courses (syllabus units, lessons, blueprint, checklist), training bases, instructors and their qualifications.
import type { Db } from '../../db/client';

/** Seeds the default courses (普及培训, 救护员培训, 复训, 师资培训) for every install; idempotent. */
export async function ensureCourseCatalogue(db: Db): Promise<void> {
  void db;
}
