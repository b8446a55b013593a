// Rescue teams under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { rescueDeploymentMembers, rescueEquipment, rescueMembers, rescueTeams } from './rescue.tables';

export const rescuePrivacy: PrivacyDeclaration = {
  module: 'rescue',
  tables: [
    {
      table: rescueMembers,
      label: '救援队员',
      find: { personId: rescueMembers.personId },
      erase: {
        action: 'anonymise',
        why: 'Team rosters evidence who was insured and deployed (emergency-response records): kept, the member anonymised.',
        pseudonym: ['name'],
        clear: ['phoneMasked', 'idNumberMasked', 'skills'],
      },
    },
    {
      table: rescueDeploymentMembers,
      label: '救援出队人员',
      find: { personId: rescueDeploymentMembers.personId },
      erase: { action: 'retain', why: 'Holds only the pseudonymous person id (deployment records).' },
    },
  ],
  notSubjectData: [
    { table: rescueTeams, why: 'The team’s base and its unit contact (a work contact, not a subject).' },
    { table: rescueEquipment, why: 'Equipment names.' },
  ],
};
