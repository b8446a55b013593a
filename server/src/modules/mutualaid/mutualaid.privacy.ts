// Mutual aid under the personal-data rules: grants and loans are financial records, kept with the person anonymised.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import {
  mutualaidContributions,
  mutualaidFunds,
  mutualaidGrants,
  mutualaidLoans,
  mutualaidRules,
} from './mutualaid.tables';

const books =
  'Financial record of a mutual-aid fund kept 30 years (会计档案管理办法 Art. 14): amounts and dates kept; the name, contact phone and commitment salt go, which unlinks the public ledger entry.';

export const mutualaidPrivacy: PrivacyDeclaration = {
  module: 'mutualaid',
  tables: [
    {
      table: mutualaidGrants,
      label: '互助金发放',
      find: { personId: mutualaidGrants.personId },
      erase: { action: 'anonymise', why: books, pseudonym: ['payeeName', 'payeeDisplay'], blank: ['payeeSaltEnc'] },
      exportOmit: ['payeeSaltEnc'],
    },
    {
      table: mutualaidLoans,
      label: '无息借款',
      find: { personId: mutualaidLoans.personId },
      erase: {
        action: 'anonymise',
        why: books,
        pseudonym: ['borrowerName', 'borrowerDisplay'],
        blank: ['borrowerSaltEnc'],
        clear: ['contactPhoneEnc', 'contactPhoneMasked'],
      },
      exportOmit: ['borrowerSaltEnc'],
    },
  ],
  unmatched: [{ table: mutualaidContributions, why: 'Contributors are named as typed, with no ID number or phone.' }],
  notSubjectData: [
    { table: mutualaidFunds, why: 'Fund names.' },
    { table: mutualaidRules, why: 'Rule names.' },
  ],
  holds: async (db, k) => {
    if (k.personIds.length === 0) {
      return [];
    }
    const [grants] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mutualaidGrants)
      .where(and(inArray(mutualaidGrants.personId, k.personIds), eq(mutualaidGrants.status, 'pending')));
    const [loans] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mutualaidLoans)
      .where(and(inArray(mutualaidLoans.personId, k.personIds), eq(mutualaidLoans.status, 'active')));
    return [
      ...(grants.n > 0
        ? [
            {
              module: 'mutualaid',
              code: 'pending_grant',
              reason: 'A mutual-aid grant awaits its payout decision.',
              count: grants.n,
            },
          ]
        : []),
      ...(loans.n > 0
        ? [
            {
              module: 'mutualaid',
              code: 'active_loan',
              reason: 'An interest-free loan is not yet repaid (the contract is in force).',
              count: loans.n,
            },
          ]
        : []),
    ];
  },
};
