// First responders and emergencies under the personal-data rules.
import { inArray, or, sql } from 'drizzle-orm';
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import {
  responseDispatchKeys,
  responseEmergencies,
  responseFollowups,
  responsePositions,
  responseResponders,
} from './response.tables';

export const responsePrivacy: PrivacyDeclaration = {
  module: 'response',
  tables: [
    {
      table: responsePositions,
      label: '急救志愿者位置',
      find: {
        via: (k) => {
          const keys = [
            k.accountIds.length > 0 ? inArray(responseResponders.accountId, k.accountIds) : undefined,
            k.phoneHashes.length > 0 ? inArray(responseResponders.phoneHash, k.phoneHashes) : undefined,
          ].filter((c) => c !== undefined);
          return keys.length > 0
            ? sql`${responsePositions.responderId} IN (SELECT ${responseResponders.id} FROM ${responseResponders} WHERE ${or(...keys)})`
            : undefined;
        },
      },
      erase: { action: 'delete', why: 'Location is sensitive (PIPL Art. 28) and only needed while on call.' },
    },
    {
      table: responseResponders,
      label: '急救志愿者登记',
      find: { accountId: responseResponders.accountId, phoneHash: responseResponders.phoneHash },
      erase: {
        action: 'delete',
        why: 'Being on call rests on consent (PIPL Art. 47(3)); the registration is removed.',
      },
    },
    {
      table: responseEmergencies,
      label: '发起的急救呼救',
      find: { accountId: responseEmergencies.raiserAccountId },
      erase: {
        action: 'anonymise',
        why: 'The emergency record (place, times, outcome) is kept as an emergency-response record; the caller’s account and phone go.',
        clear: ['raiserAccountId', 'callerPhoneEnc', 'callerPhoneMasked', 'followTokenHash'],
      },
      exportOmit: ['followTokenHash'],
    },
  ],
  notSubjectData: [
    { table: responseDispatchKeys, why: 'Dispatch-centre API keys.' },
    { table: responseFollowups, why: 'Token hashes of follow links.' },
  ],
};
