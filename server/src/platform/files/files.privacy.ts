// Stored files under the personal-data rules.
import type { PrivacyDeclaration } from '../../modules/people/privacy-declaration';
import { storedFiles } from './files.tables';

export const filesPrivacy: PrivacyDeclaration = {
  module: 'files',
  tables: [],
  linked: [
    {
      table: storedFiles,
      why: 'Uploaded evidence is reached through the record that holds the file id and is kept or removed with that record.',
    },
  ],
};
