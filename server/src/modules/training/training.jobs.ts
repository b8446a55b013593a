// The training module's recurring jobs, registered at server start.
import { defineCertificateJobs } from './training-certificates';
import { defineExamJobs } from './training-exams';

export function defineTrainingJobs(): void {
  defineExamJobs();
  defineCertificateJobs();
}
