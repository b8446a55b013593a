// Service-hall requests under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { serviceRequestEvents, serviceRequests, workingCalendarDays } from './services.tables';

export const servicesPrivacy: PrivacyDeclaration = {
  module: 'services',
  tables: [
    {
      table: serviceRequests,
      label: '服务大厅办件',
      find: {
        personId: serviceRequests.personId,
        phoneHash: serviceRequests.applicantPhoneHash,
        accountId: serviceRequests.applicantAccountId,
      },
      erase: {
        action: 'anonymise',
        why: 'Handling times and outcomes feed the statutory service statistics (政务服务 time limits): kept; the applicant, phone and form answers go.',
        pseudonym: ['applicantName', 'applicantPhoneHash'],
        blank: ['applicantPhoneEnc', 'applicantPhoneMasked'],
        clear: ['applicantAccountId', 'ratingComment'],
        fixed: { form: {} },
      },
    },
  ],
  notSubjectData: [
    { table: serviceRequestEvents, why: 'actor_name is the staff member who acted.' },
    { table: workingCalendarDays, why: 'Holiday names.' },
  ],
};
