// Blood drives (无偿献血): a unit organises a drive with a blood centre; participants are registered and marked donated
// with their volume, or deferred. The blood centre keeps the medical records; we keep counts, the ID number's blind
// index (for the age and 6-month rules) and a name and phone only with the donor's consent to be contacted.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { actorId, assertCanAt, canAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './registry-blood.repo';
import type {
  CreateDrive,
  DonorView,
  DriveDetail,
  DriveView,
  RecordBloodDonation,
  RegisterDonor,
} from './registry-blood.schemas';
import { ageOn, checkBloodDonor } from './registry-stemcell-rules';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });

function toDriveView(d: repo.DriveRow, orgName: string, c?: Omit<DriveView, keyof repo.DriveRow | 'orgName'>) {
  return {
    id: d.id,
    orgId: d.orgId,
    orgName,
    title: d.title,
    place: d.place,
    heldOn: d.heldOn,
    bloodCentre: d.bloodCentre,
    status: d.status as DriveView['status'],
    notes: d.notes,
    registered: c?.registered ?? 0,
    donated: c?.donated ?? 0,
    volumeMl: c?.volumeMl ?? 0,
    stemCellSignUps: c?.stemCellSignUps ?? 0,
  };
}

function toDonorView(d: repo.DonorRow, heldOn: string, fullName: boolean): DonorView {
  return {
    id: d.id,
    driveId: d.driveId,
    name: d.name ? (fullName ? d.name : maskName(d.name)) : null,
    idNumberMasked: d.idNumberMasked,
    phoneMasked: d.phoneMasked,
    gender: d.gender,
    age: ageOn(d.birthDate, heldOn),
    hasContactConsent: d.hasContactConsent,
    isRepeatDonor: d.isRepeatDonor,
    status: d.status as DonorView['status'],
    volumeMl: d.volumeMl,
    donatedOn: d.donatedOn,
  };
}

/** Plans a drive at a unit where the caller holds registry:manage. */
export async function createDrive(db: Db, ctx: Ctx, input: CreateDrive): Promise<DriveView> {
  return db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, 'registry:manage', org.path);
    const row = await repo.insertDrive(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      title: input.title,
      place: input.place,
      heldOn: input.heldOn,
      bloodCentre: input.bloodCentre,
      notes: input.notes,
      createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
    });
    await recordAudit(tx, ctx, {
      action: 'blood_drive.created',
      entityType: 'blood_drive',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { title: row.title, heldOn: row.heldOn, bloodCentre: row.bloodCentre },
    });
    return toDriveView(row, org.name);
  });
}

/** Drives in the caller's registry:view scope (optionally of one unit's subtree), newest first, with their counts. */
export async function listDrives(db: Db, ctx: Ctx, orgId?: number): Promise<DriveView[]> {
  let scope = orgs.orgScopeCondition(repo.columns.drive.orgId, ctx, 'registry:view');
  if (orgId) {
    const org = await orgs.getOrg(db, orgId);
    assertCanAt(ctx.actor, 'registry:view', org.path);
    scope = orgs.orgUnderCondition(repo.columns.drive.orgId, org.path);
  }
  const rows = await repo.listDrives(db, scope);
  const counts = await repo.driveCounts(
    db,
    rows.map((r) => r.id),
  );
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  return rows.map((r) => toDriveView(r, units.find((u) => u.id === r.orgId)?.name ?? '', counts.get(r.id)));
}

async function getDriveFor(db: Db, ctx: Ctx, id: string, permission: 'registry:view' | 'registry:manage') {
  const drive = await repo.findDrive(db, id, permission === 'registry:manage');
  if (!drive) {
    throw new AppError('NOT_FOUND', { entity: 'blood_drive', id });
  }
  const org = await orgs.getOrg(db, drive.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { drive, org };
}

/** A drive with its participants; names (kept only with consent) shown in full to registry:manage only. */
export async function getDrive(db: Db, ctx: Ctx, id: string): Promise<DriveDetail> {
  const { drive, org } = await getDriveFor(db, ctx, id, 'registry:view');
  const counts = await repo.driveCounts(db, [drive.id]);
  const donors = await repo.listDonors(db, drive.regionId, drive.id);
  const fullName = canAt(ctx.actor, 'registry:manage', org.path);
  return {
    ...toDriveView(drive, org.name, counts.get(drive.id)),
    donors: donors.map((d) => toDonorView(d, drive.heldOn, fullName)),
  };
}

/** Marks a drive held or cancelled. */
export async function setDriveStatus(db: Db, ctx: Ctx, id: string, status: DriveView['status']): Promise<DriveView> {
  return db.transaction(async (tx) => {
    const { drive, org } = await getDriveFor(tx, ctx, id, 'registry:manage');
    const after = await repo.updateDriveStatus(tx, drive, status);
    await recordAudit(tx, ctx, {
      action: 'blood_drive.status-changed',
      entityType: 'blood_drive',
      entityId: drive.id,
      orgId: drive.orgId,
      regionId: drive.regionId,
      before: { status: drive.status },
      after: { status },
    });
    const counts = await repo.driveCounts(tx, [drive.id]);
    return toDriveView(after, org.name, counts.get(drive.id));
  });
}

async function assertEligible(tx: Db, drive: repo.DriveRow, idHash: string, birthDate: string) {
  const lastDonatedOn = await repo.lastDonationOn(tx, idHash, drive.id);
  const check = checkBloodDonor({ birthDate, on: drive.heldOn, lastDonatedOn });
  if (!check.ok) {
    const { code, ...details } = check;
    throw new AppError(code, details as Record<string, unknown>);
  }
  return lastDonatedOn;
}

/**
 * Registers a participant at a drive (registry:manage at its unit), and with `volumeMl` records the donation: age
 * 18–55 (60 for a repeat donor) on the drive's date → BLOOD_DONOR_AGE; a donation at our drives less than 6 months
 * before → BLOOD_DONATION_INTERVAL; the same person twice at one drive → CONFLICT; a cancelled drive →
 * BLOOD_DRIVE_CLOSED.
 */
export async function registerDonor(db: Db, ctx: Ctx, driveId: string, input: RegisterDonor): Promise<DonorView> {
  if (input.hasContactConsent && (!input.name || !input.phone)) {
    throw invalid('body.phone', 'a name and phone are needed with consent to be contacted');
  }
  const cols = people.piiColumns('resident_id', input.idNumber, input.hasContactConsent ? input.phone : undefined);
  return db.transaction(async (tx) => {
    const { drive, org } = await getDriveFor(tx, ctx, driveId, 'registry:manage');
    if (drive.status === 'cancelled') {
      throw new AppError('BLOOD_DRIVE_CLOSED');
    }
    if (input.volumeMl && drive.heldOn > toChinaDate()) {
      throw invalid('body.volumeMl', 'the drive has not taken place yet');
    }
    const idHash = cols.idNumberHash!;
    await repo.lockDonor(tx, idHash);
    if (await repo.findDonorAtDrive(tx, drive.regionId, drive.id, idHash)) {
      throw new AppError('CONFLICT', { reason: 'already registered at this drive' });
    }
    const lastDonatedOn = await assertEligible(tx, drive, idHash, cols.derivedBirthDate!);
    const row = await repo.insertDonor(tx, {
      regionId: drive.regionId,
      id: crypto.randomUUID(),
      driveId: drive.id,
      orgId: drive.orgId,
      idNumberHash: idHash,
      idNumberMasked: cols.idNumberMasked!,
      birthDate: cols.derivedBirthDate!,
      gender: cols.derivedGender ?? null,
      hasContactConsent: input.hasContactConsent,
      name: input.hasContactConsent ? input.name! : null,
      phoneEnc: cols.phoneEnc ?? null,
      phoneHash: cols.phoneHash ?? null,
      phoneMasked: cols.phoneMasked ?? null,
      status: input.volumeMl ? 'donated' : 'registered',
      volumeMl: input.volumeMl ?? null,
      donatedOn: input.volumeMl ? drive.heldOn : null,
      isRepeatDonor: lastDonatedOn !== null,
      createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
    });
    await recordAudit(tx, ctx, {
      action: 'blood_donor.registered',
      entityType: 'blood_drive_donor',
      entityId: row.id,
      orgId: drive.orgId,
      regionId: drive.regionId,
      after: { driveId: drive.id, status: row.status, volumeMl: row.volumeMl, consent: row.hasContactConsent },
    });
    return toDonorView(row, drive.heldOn, canAt(ctx.actor, 'registry:manage', org.path));
  });
}

/** Records the day's outcome of a registered participant: donated (with 200/300/400 ml) or deferred. */
export async function recordDonorOutcome(
  db: Db,
  ctx: Ctx,
  driveId: string,
  donorId: string,
  input: RecordBloodDonation,
): Promise<DonorView> {
  if (input.outcome === 'donated' && !input.volumeMl) {
    throw invalid('body.volumeMl', 'the volume is required for a donation');
  }
  return db.transaction(async (tx) => {
    const { drive } = await getDriveFor(tx, ctx, driveId, 'registry:manage');
    const donor = await repo.findDonor(tx, drive.id, donorId);
    if (!donor) {
      throw new AppError('NOT_FOUND', { entity: 'blood_drive_donor', id: donorId });
    }
    if (donor.status !== 'registered') {
      throw new AppError('CONFLICT', { reason: 'the outcome is already recorded', status: donor.status });
    }
    if (input.outcome === 'donated') {
      await repo.lockDonor(tx, donor.idNumberHash);
      await assertEligible(tx, drive, donor.idNumberHash, donor.birthDate);
    }
    const after = await repo.updateDonor(tx, donor, {
      status: input.outcome,
      volumeMl: input.outcome === 'donated' ? input.volumeMl! : null,
      donatedOn: input.outcome === 'donated' ? drive.heldOn : null,
    });
    await recordAudit(tx, ctx, {
      action: `blood_donor.${input.outcome}`,
      entityType: 'blood_drive_donor',
      entityId: donor.id,
      orgId: drive.orgId,
      regionId: drive.regionId,
      before: { status: donor.status },
      after: { status: after.status, volumeMl: after.volumeMl },
    });
    return toDonorView(after, drive.heldOn, true);
  });
}

/** Drives from yesterday on, not cancelled, for the public sign-up page (no counts, no people). */
export async function listUpcomingDrives(db: Db) {
  const since = toChinaDate(new Date(Date.now() - 86_400_000));
  const rows = await repo.listUpcoming(db, since);
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: units.find((u) => u.id === r.orgId)?.name ?? '',
    title: r.title,
    place: r.place,
    heldOn: r.heldOn,
    bloodCentre: r.bloodCentre,
  }));
}
