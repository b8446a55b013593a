// Certificates: issue when theory and practical are passed, number series per issuing unit, PDF, public
// verification, revocation, expiry reminders, re-certification, import of historical certificates.

/** Registers the certificate jobs (expiry reminders 90 and 30 days ahead). */
export function defineCertificateJobs(): void {}
