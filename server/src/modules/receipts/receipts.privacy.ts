// Donation receipts under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { fiscalReceipts, receiptRequests } from './receipts.tables';

export const receiptsPrivacy: PrivacyDeclaration = {
  module: 'receipts',
  tables: [
    {
      table: receiptRequests,
      label: '捐赠票据申请',
      find: { idHash: receiptRequests.payerIdHash },
      erase: {
        action: 'anonymise',
        why: 'The request is an accounting working paper (会计档案管理办法): kept with the payer anonymised.',
        pseudonym: ['payerName', 'payerIdHash'],
        blank: ['payerIdEnc', 'payerIdMasked'],
      },
    },
    {
      table: fiscalReceipts,
      label: '公益事业捐赠票据',
      find: { idHash: fiscalReceipts.payerIdHash },
      erase: {
        action: 'retain',
        why: 'An issued fiscal receipt is a statutory document that is never edited (财政票据管理办法; a void is a new document) and an accounting record kept 30 years (会计档案管理办法 Art. 14): kept as issued, storage only (PIPL Art. 47 ¶2).',
      },
    },
  ],
};
