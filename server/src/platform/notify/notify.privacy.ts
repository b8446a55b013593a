// The message outbox under the personal-data rules.
import type { PrivacyDeclaration } from '../../modules/people/privacy-declaration';
import { outboxMessages } from './notify.tables';

export const notifyPrivacy: PrivacyDeclaration = {
  module: 'notify',
  tables: [],
  unmatched: [
    {
      table: outboxMessages,
      why: 'Queued SMS: the recipient is encrypted with no blind index, so messages cannot be found per person; they are delivery records, not a register of people.',
    },
  ],
};
