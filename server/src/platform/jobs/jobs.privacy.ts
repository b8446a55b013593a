// Background jobs under the personal-data rules.
import type { PrivacyDeclaration } from '../../modules/people/privacy-declaration';
import { jobs } from './jobs.tables';

export const jobsPrivacy: PrivacyDeclaration = {
  module: 'jobs',
  tables: [],
  notSubjectData: [{ table: jobs, why: 'Job names are kinds of work, not people.' }],
};
