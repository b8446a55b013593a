// AEDs under the personal-data rules.
import type { PrivacyDeclaration } from '../people/privacy-declaration';
import { aedGuardians, aedImports, aedKeyPlaces, aedReports, aeds } from './aed.tables';

export const aedPrivacy: PrivacyDeclaration = {
  module: 'aed',
  tables: [
    {
      table: aedGuardians,
      label: 'AED 守护人',
      find: { phoneHash: aedGuardians.phoneHash },
      erase: { action: 'delete', why: 'A device contact serves no purpose once the person leaves (PIPL Art. 47(1)).' },
    },
    {
      table: aedReports,
      label: 'AED 问题报告',
      find: { phoneHash: aedReports.phoneHash },
      erase: {
        action: 'anonymise',
        why: 'The fault report is part of the device’s maintenance record: kept, the reporter’s phone and address go.',
        clear: ['phoneEnc', 'phoneHash', 'phoneMasked', 'ip'],
      },
    },
  ],
  notSubjectData: [
    { table: aeds, why: 'Device locations and telemetry key hashes.' },
    { table: aedKeyPlaces, why: 'Place names.' },
    { table: aedImports, why: 'Upload file names of staff imports.' },
  ],
};
