// People's own tables under the personal-data rules (docs/privacy.md).

import { people } from './people.tables';
import { privacyRequests } from './people-privacy.tables';
import type { PrivacyDeclaration } from './privacy-declaration';

export const peoplePrivacy: PrivacyDeclaration = {
  module: 'people',
  tables: [
    {
      table: people,
      label: '人员档案',
      find: { personId: people.id, idHash: people.idNumberHash, phoneHash: people.phoneHash },
      erase: {
        action: 'anonymise',
        why: 'Kept as a pseudonymous stub so records the law requires us to keep (relief, hours, accounts) stay consistent; name, ID number, phone, birth date and address are removed.',
        pseudonym: ['name'],
        blank: ['namePinyin'],
        clear: [
          'idNumberEnc',
          'idNumberHash',
          'idNumberMasked',
          'phoneEnc',
          'phoneHash',
          'phoneMasked',
          'gender',
          'birthDate',
          'address',
        ],
      },
    },
    {
      table: privacyRequests,
      label: '个人信息请求记录',
      find: { idHash: privacyRequests.subjectIdHash, phoneHash: privacyRequests.subjectPhoneHash },
      erase: {
        action: 'retain',
        why: 'The record that the request was received and handled (PIPL Art. 50, 54 accountability); it holds blind indexes and a masked label only.',
      },
    },
  ],
};
