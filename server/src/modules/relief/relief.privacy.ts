// Relief under the personal-data rules: a case is evidence of how relief money was spent; kept with the applicant
// anonymised, and never erased while it is open.
import { and, inArray, notInArray, sql } from 'drizzle-orm';
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { reliefBatchImports, reliefCases, reliefKinds, reliefObjections } from './relief.tables';

export const reliefPrivacy: PrivacyDeclaration = {
  module: 'relief',
  tables: [
    {
      table: reliefCases,
      label: '救助个案',
      find: { personId: reliefCases.personId, accountId: reliefCases.publicAccountId },
      erase: {
        action: 'anonymise',
        why: 'A closed case is the voucher for relief money paid (会计档案管理办法 Art. 14, 30 years; Red Cross Law Art. 21 on accounting for donated funds): amounts, dates, decisions and units kept; the applicant name, masked ID and the hardship narrative go.',
        pseudonym: ['applicantName'],
        clear: ['idNumberMasked', 'publicAccountId'],
        blank: ['causeText'],
      },
    },
  ],
  linked: [],
  unmatched: [
    { table: reliefObjections, why: 'Objectors to a public notice give a name and phone as typed (no blind index).' },
  ],
  notSubjectData: [
    { table: reliefKinds, why: 'Catalogue.' },
    { table: reliefBatchImports, why: 'Upload file names of staff imports.' },
  ],
  holds: async (db, k) => {
    if (k.personIds.length === 0) {
      return [];
    }
    const [open] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(reliefCases)
      .where(and(inArray(reliefCases.personId, k.personIds), notInArray(reliefCases.status, ['closed', 'rejected'])));
    return open.n > 0
      ? [
          {
            module: 'relief',
            code: 'open_relief_case',
            reason: 'A relief case is still open (decision, notice or payout pending).',
            count: open.n,
          },
        ]
      : [];
  },
};
