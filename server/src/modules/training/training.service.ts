// The training module's API for other modules (the AED/response module asks who holds a valid certificate).
// Each part of the module lives in its own files: training-catalogue.ts, training-classes.ts, training-exams.ts,
// training-question-bank.ts, training-practical.ts, training-certificates.ts (with *.repo.ts / *.schemas.ts);
// this file re-exports what other modules may use.

export {
  findValidCertificatesByPhones,
  hasValidCertificate,
  type IssuedCertificate,
  issueCertificateIfComplete,
  listValidCertificateHolders,
  onCertificateIssued,
} from './training-certificates';
export { ensureTrainingReference } from './training-reference';
