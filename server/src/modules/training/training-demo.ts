// Demo data for training: a base, instructors, classes with learners (training-classes-demo.ts), and issued
// certificates, awareness sessions and populations (training-certificates-demo.ts).
import type { Db } from '../../db/client';
import { seedDemoCertificates } from './training-certificates-demo';
import { seedDemoClasses } from './training-classes-demo';

export async function seedDemoTraining(db: Db): Promise<void> {
  await seedDemoClasses(db);
  await seedDemoCertificates(db);
}
