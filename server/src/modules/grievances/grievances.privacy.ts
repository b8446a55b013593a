// Complaints and callbacks under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import {
  callbackSamples,
  callbackTasks,
  duplicateSuspects,
  grievanceJobCursors,
  grievances,
} from './grievances.tables';

export const grievancesPrivacy: PrivacyDeclaration = {
  module: 'grievances',
  tables: [
    {
      table: callbackTasks,
      label: '救助回访任务',
      find: { personId: callbackTasks.personId },
      erase: {
        action: 'anonymise',
        why: 'Callback results evidence how relief money reached people (audit of the payout): kept, the recipient anonymised.',
        pseudonym: ['recipientName'],
        clear: ['phoneMasked'],
      },
    },
    {
      table: duplicateSuspects,
      label: '重复救助疑点',
      find: { personId: duplicateSuspects.personId },
      erase: { action: 'retain', why: 'Holds only the pseudonymous person id and case references (fraud control).' },
    },
  ],
  unmatched: [
    {
      table: grievances,
      why: 'Complainants give a name and phone as typed (the phone is encrypted with no blind index); found by the complaint number.',
    },
  ],
  notSubjectData: [
    { table: callbackSamples, why: 'Sampling draws: keyed hashes of candidate sets, no one identifiable.' },
    { table: grievanceJobCursors, why: 'Job positions.' },
  ],
};
