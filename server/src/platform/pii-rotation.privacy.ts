// Key-rotation runs under the personal-data rules.
import type { PrivacyDeclaration } from '../modules/people/privacy-declaration';
import { piiRotations } from './pii-rotation.tables';

export const piiRotationPrivacy: PrivacyDeclaration = {
  module: 'pii-rotation',
  tables: [],
  notSubjectData: [{ table: piiRotations, why: 'Progress of key rotations (key ids and hashes), no personal data.' }],
};
