// Gifts of money under the personal-data rules: the books keep every gift, the donor is anonymised on erasure.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { donationOrders, donationProjects, donations, funds, giftImports, payouts } from './donations.tables';

const accounts =
  'Accounting records: vouchers and books are kept 30 years (会计档案管理办法 Art. 14 and its schedule); only storage remains (PIPL Art. 47 ¶2). Amounts, dates, projects and the ledger entry are kept; the donor name, phone, message, access token and the commitment salt go, which unlinks the public ledger entry.';

export const donationsPrivacy: PrivacyDeclaration = {
  module: 'donations',
  tables: [
    {
      table: donationOrders,
      label: '捐赠订单',
      find: { phoneHash: donationOrders.donorPhoneHash },
      erase: {
        action: 'anonymise',
        why: accounts,
        pseudonym: ['donorName'],
        clear: ['donorPhoneEnc', 'donorPhoneHash', 'donorPhoneMasked'],
      },
      exportOmit: ['accessTokenHash'],
    },
    {
      table: donations,
      label: '捐款记录(款物接收)',
      find: { phoneHash: donations.donorPhoneHash },
      erase: {
        action: 'anonymise',
        why: accounts,
        pseudonym: ['donorName'],
        clear: ['donorPhoneEnc', 'donorPhoneHash', 'donorPhoneMasked', 'saltEnc', 'accessTokenHash', 'message'],
        fixed: { displayName: '爱心人士' },
      },
      exportOmit: ['accessTokenHash', 'saltEnc'],
    },
  ],
  unmatched: [
    {
      table: payouts,
      why: 'Payees are named as typed (usually units); a payout to a person is found through the relief case or grant that caused it.',
    },
  ],
  notSubjectData: [
    { table: donationProjects, why: 'Project names.' },
    { table: funds, why: 'Fund names.' },
    { table: giftImports, why: 'Upload file names of staff imports.' },
  ],
};
