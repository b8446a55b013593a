// Volunteers under the personal-data rules: service hours stay (they are the volunteer's record and the unit's
// statistics) against a pseudonymous person; the volunteer's contact data goes.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { volunteerCertificates, volunteerServiceRecords, volunteers, volunteerTeams } from './volunteers.tables';

export const volunteersPrivacy: PrivacyDeclaration = {
  module: 'volunteers',
  tables: [
    {
      table: volunteers,
      label: '志愿者登记',
      find: { personId: volunteers.personId, phoneHash: volunteers.phoneHash },
      erase: {
        action: 'anonymise',
        why: 'Volunteer service records must be kept (志愿服务条例 Art. 19) and point at this row: kept, the volunteer anonymised.',
        pseudonym: ['name', 'phoneHash'],
        blank: ['phoneEnc', 'phoneMasked', 'emergencyName', 'emergencyPhoneEnc', 'emergencyPhoneMasked', 'note'],
        clear: ['birthDate', 'guardianName', 'guardianPhoneEnc', 'guardianPhoneMasked', 'guardianConsentFileId'],
      },
    },
    {
      table: volunteerServiceRecords,
      label: '志愿服务时长',
      find: { personId: volunteerServiceRecords.personId },
      erase: {
        action: 'retain',
        why: 'Service records are kept (志愿服务条例 Art. 19); they hold only the pseudonymous person id.',
      },
    },
    {
      table: volunteerCertificates,
      label: '志愿服务证明',
      find: { personId: volunteerCertificates.personId },
      erase: {
        action: 'retain',
        why: 'Issued certificates of service hours; they hold only the pseudonymous person id.',
      },
    },
  ],
  notSubjectData: [{ table: volunteerTeams, why: 'Team names.' }],
};
