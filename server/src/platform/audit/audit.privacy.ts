// The audit trail under the personal-data rules.
import { and, eq, inArray } from 'drizzle-orm';
import type { PrivacyDeclaration } from '../../modules/people/privacy-declaration';
import { auditChain, auditLog } from './audit.tables';

export const auditPrivacy: PrivacyDeclaration = {
  module: 'audit',
  tables: [
    {
      table: auditLog,
      label: '操作审计记录(关于本人档案)',
      find: {
        via: (k) =>
          k.personIds.length > 0
            ? and(eq(auditLog.entityType, 'person'), inArray(auditLog.entityId, k.personIds))
            : undefined,
      },
      erase: {
        action: 'retain',
        why: 'The security log must be kept unaltered (Cybersecurity Law Art. 21: at least 6 months; it is hash-chained); identifiers in it are masked.',
      },
    },
  ],
  notSubjectData: [{ table: auditChain, why: 'Hashes chaining the audit rows; no personal data of its own.' }],
};
