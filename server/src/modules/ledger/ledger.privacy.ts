// The public ledger under the personal-data rules: append-only and signed, so it is never edited. Its entries hold
// amounts, projects and salted identity commitments, never a name, ID number or phone; erasing the salt and the name
// in the donations and mutual-aid rows makes a commitment unlinkable (docs/privacy.md).
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { ledgerCheckpoints, ledgerEntries } from './ledger.tables';

export const ledgerPrivacy: PrivacyDeclaration = {
  module: 'ledger',
  tables: [],
  notSubjectData: [
    { table: ledgerEntries, why: 'Public facts with salted identity commitments only; leaf hashes.' },
    { table: ledgerCheckpoints, why: 'Root hashes and signed checkpoints.' },
  ],
};
