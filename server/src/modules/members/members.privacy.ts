// Members under the personal-data rules: membership and dues are kept for the books, the member anonymised.
import { inArray, or, sql } from 'drizzle-orm';
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { memberDuesPayments, memberEvents, memberImports, members } from './members.tables';
import {
  memberAidKitItems,
  memberAidKits,
  memberPointAwards,
  memberPointRedemptions,
  memberPointRules,
  memberServiceMenu,
  memberServiceOrders,
} from './members-points.tables';

export const membersPrivacy: PrivacyDeclaration = {
  module: 'members',
  tables: [
    {
      table: memberDuesPayments,
      label: '会费缴纳记录',
      find: {
        via: (k) => {
          const keys = [
            k.personIds.length > 0 ? inArray(members.personId, k.personIds) : undefined,
            k.phoneHashes.length > 0 ? inArray(members.phoneHash, k.phoneHashes) : undefined,
            k.accountIds.length > 0 ? inArray(members.accountId, k.accountIds) : undefined,
          ].filter((c) => c !== undefined);
          return keys.length > 0
            ? sql`${memberDuesPayments.memberId} IN (SELECT ${members.id} FROM ${members} WHERE ${or(...keys)})`
            : undefined;
        },
      },
      erase: {
        action: 'anonymise',
        why: 'Dues are accounting records kept 30 years (会计档案管理办法 Art. 14): amounts and years kept, the payer anonymised.',
        pseudonym: ['payerName'],
      },
    },
    {
      table: members,
      label: '会员',
      find: { personId: members.personId, phoneHash: members.phoneHash, accountId: members.accountId },
      erase: {
        action: 'anonymise',
        why: 'Membership and dues history feed the accounts and the statutory member counts: kept, the member anonymised.',
        pseudonym: ['name'],
        blank: ['namePinyin'],
        clear: [
          'contactName',
          'contactPhoneEnc',
          'contactPhoneMasked',
          'phoneHash',
          'phoneMasked',
          'idNumberMasked',
          'workplace',
          'address',
          'cardToken',
          'accountId',
          'guardianName',
          'guardianPhoneEnc',
          'guardianPhoneMasked',
        ],
      },
    },
  ],
  notSubjectData: [
    { table: memberEvents, why: 'actor_name is the staff member who acted.' },
    { table: memberImports, why: 'Upload file names of staff imports.' },
    { table: memberPointRules, why: 'Catalogue.' },
    { table: memberPointAwards, why: 'Catalogue.' },
    { table: memberPointRedemptions, why: 'award_name is the catalogue item; rows hold the member id only.' },
    { table: memberServiceMenu, why: 'Catalogue.' },
    { table: memberServiceOrders, why: 'service_name is the catalogue item; rows hold the member id only.' },
    { table: memberAidKits, why: 'Place names of first-aid kits.' },
    { table: memberAidKitItems, why: 'Kit contents.' },
  ],
};
