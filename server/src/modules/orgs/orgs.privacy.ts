// Units under the personal-data rules: their contact details are work contacts, not subjects of these requests.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { orgCodeHistory, orgImports, orgs } from './orgs.tables';

export const orgsPrivacy: PrivacyDeclaration = {
  module: 'orgs',
  tables: [],
  notSubjectData: [
    { table: orgs, why: 'Unit names, addresses and the unit’s work contact.' },
    { table: orgCodeHistory, why: 'Former unit names.' },
    { table: orgImports, why: 'Upload file names of staff imports.' },
  ],
};
