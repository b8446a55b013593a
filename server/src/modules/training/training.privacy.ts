// Training under the personal-data rules: certificates already issued are revoked and anonymised, not deleted.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import {
  trainingAwarenessSessions,
  trainingBases,
  trainingCertImports,
  trainingCertificates,
  trainingClasses,
  trainingEnrolImports,
  trainingEnrolments,
  trainingExamAttempts,
  trainingInstructors,
  trainingQuestions,
} from './training.tables';

export const trainingPrivacy: PrivacyDeclaration = {
  module: 'training',
  tables: [
    {
      table: trainingEnrolments,
      label: '培训报名',
      find: {
        personId: trainingEnrolments.personId,
        phoneHash: trainingEnrolments.phoneHash,
        accountId: trainingEnrolments.publicAccountId,
      },
      erase: {
        action: 'anonymise',
        why: 'Class rolls evidence the training given (attendance and results feed the statutory training statistics): kept, the trainee anonymised.',
        pseudonym: ['name', 'phoneHash'],
        blank: ['phoneMasked'],
        clear: ['phoneEnc', 'idNumberMasked', 'workplace', 'publicAccountId'],
      },
    },
    {
      table: trainingCertificates,
      label: '培训证书',
      find: { personId: trainingCertificates.personId, phoneHash: trainingCertificates.phoneHash },
      erase: {
        action: 'anonymise',
        why: 'An issued certificate number must keep answering verification honestly: it is revoked and anonymised, so a verifier sees “revoked”, never the holder.',
        pseudonym: ['holderName'],
        clear: ['idNumberMasked', 'phoneHash', 'photoFileId'],
        fixed: { holderNameMasked: '***', status: 'revoked', revokeReason: 'personal data erased (PIPL Art. 47)' },
      },
    },
    {
      table: trainingInstructors,
      label: '培训师资',
      find: { personId: trainingInstructors.personId },
      erase: {
        action: 'anonymise',
        why: 'Past classes name their instructor: kept, anonymised and deactivated.',
        pseudonym: ['name'],
        clear: ['phoneMasked'],
        fixed: { isActive: false },
      },
    },
    {
      table: trainingExamAttempts,
      label: '考试记录',
      find: { personId: trainingExamAttempts.personId },
      erase: {
        action: 'retain',
        why: 'Holds only the pseudonymous person id and scores (evidence for issued certificates).',
      },
    },
  ],
  notSubjectData: [
    { table: trainingBases, why: 'Training sites and their work contacts.' },
    { table: trainingClasses, why: 'The ordering unit’s work contact for a class.' },
    { table: trainingAwarenessSessions, why: 'trainer_name is the staff trainer.' },
    { table: trainingCertImports, why: 'Upload file names of staff imports.' },
    { table: trainingEnrolImports, why: 'Upload file names of staff imports.' },
    { table: trainingQuestions, why: 'Question content hashes.' },
  ],
};
