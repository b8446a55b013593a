// Donor registries under the personal-data rules: registration rests on consent, so erasure removes it (PIPL
// Art. 47(3)); memorials of deceased donors are their families' to decide (Art. 49).
import { inArray, or, sql } from 'drizzle-orm';
import type { PrivacyDeclaration, SubjectKeys } from '../people/privacy-declaration';
import {
  donorRegistrations,
  donorRegistrationVersions,
  memorialMessages,
  memorials,
  memorialVisitorDays,
} from './registry-organ.tables';
import { bloodDriveDonors, stemCellRegistrations, stemCellSamples, stemCellSteps } from './registry-stemcell.tables';

const consent =
  'Registration rests on consent, which may be withdrawn at any time (PIPL Art. 15, 47(3)); the record is removed.';

function stemCellIds(k: SubjectKeys) {
  const keys = [
    k.personIds.length > 0 ? inArray(stemCellRegistrations.personId, k.personIds) : undefined,
    k.idHashes.length > 0 ? inArray(stemCellRegistrations.idNumberHash, k.idHashes) : undefined,
    k.phoneHashes.length > 0 ? inArray(stemCellRegistrations.phoneHash, k.phoneHashes) : undefined,
    k.accountIds.length > 0 ? inArray(stemCellRegistrations.publicAccountId, k.accountIds) : undefined,
  ].filter((c) => c !== undefined);
  return keys.length > 0
    ? sql`(SELECT ${stemCellRegistrations.id} FROM ${stemCellRegistrations} WHERE ${or(...keys)})`
    : undefined;
}

export const registryPrivacy: PrivacyDeclaration = {
  module: 'registry',
  tables: [
    {
      table: stemCellSamples,
      label: '造血干细胞血样',
      find: { via: (k) => (stemCellIds(k) ? sql`${stemCellSamples.registrationId} IN ${stemCellIds(k)}` : undefined) },
      erase: { action: 'delete', why: consent },
    },
    {
      table: stemCellSteps,
      label: '造血干细胞登记流程',
      find: { via: (k) => (stemCellIds(k) ? sql`${stemCellSteps.registrationId} IN ${stemCellIds(k)}` : undefined) },
      erase: { action: 'delete', why: consent },
    },
    {
      table: stemCellRegistrations,
      label: '造血干细胞捐献者登记',
      find: {
        personId: stemCellRegistrations.personId,
        idHash: stemCellRegistrations.idNumberHash,
        phoneHash: stemCellRegistrations.phoneHash,
        accountId: stemCellRegistrations.publicAccountId,
      },
      erase: { action: 'delete', why: consent },
    },
    {
      table: bloodDriveDonors,
      label: '献血活动登记',
      find: { idHash: bloodDriveDonors.idNumberHash, phoneHash: bloodDriveDonors.phoneHash },
      erase: { action: 'delete', why: consent },
    },
    {
      table: donorRegistrationVersions,
      label: '器官/遗体捐献登记版本',
      find: {
        via: (k) =>
          k.personIds.length > 0
            ? sql`${donorRegistrationVersions.registrationId} IN (SELECT ${donorRegistrations.id} FROM ${donorRegistrations} WHERE ${inArray(donorRegistrations.personId, k.personIds)})`
            : undefined,
      },
      erase: { action: 'delete', why: consent },
    },
    {
      table: donorRegistrations,
      label: '器官/遗体捐献登记',
      find: { personId: donorRegistrations.personId, phoneHash: donorRegistrations.phoneHash },
      erase: { action: 'delete', why: consent },
    },
  ],
  unmatched: [
    {
      table: memorialMessages,
      why: 'Visitors sign messages with a name as typed; visitor_hash is a daily salted hash.',
    },
  ],
  notSubjectData: [
    {
      table: memorials,
      why: 'About a deceased donor, published with the family’s consent; close relatives exercise the rights (PIPL Art. 49).',
    },
    { table: memorialVisitorDays, why: 'Daily salted visitor hashes for counting, not linkable to a person.' },
  ],
};
