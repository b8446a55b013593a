// Stored files through the HTTP routes: the public upload their own materials, and once a record claims a file only
// staff holding the record's permission in its subtree (and the uploader) may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  postFile,
  signInByPhone,
  systemCtx,
  tinyPng,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { attachFiles } from './files.service';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;

const upload = (caller: Caller, bytes: Buffer, name = 'material.png') => postFile(t, caller, bytes, name);

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
});
afterAll(() => t.close());

describe('files of the public and their scope', () => {
  it('lets a signed-in applicant upload and read their own file, and nobody else until a record claims it', async () => {
    const applicant = await signInByPhone(t, '13900001111');
    const stranger = await signInByPhone(t, '13900002222');
    const treasurer = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });
    const res = await upload(applicant, tinyPng);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await t.inject(applicant, { method: 'GET', url: `/api/files/${id}` })).statusCode).toBe(200);
    const byStranger = await t.inject(stranger, { method: 'GET', url: `/api/files/${id}` });
    expect(byStranger.statusCode).toBe(404);
    // Seeing gifts anywhere is not a reason to read an applicant's papers.
    expect((await t.inject(treasurer, { method: 'GET', url: `/api/files/${id}` })).statusCode).toBe(403);
    expect((await t.inject(null, { method: 'GET', url: `/api/files/${id}` })).statusCode).toBe(401);
  });

  it('refuses a public upload that is not a photo, scan or PDF, or is over 10 MB', async () => {
    const applicant = await signInByPhone(t, '13900003333');
    const exe = await upload(applicant, Buffer.from('MZ not a picture'), 'x.exe');
    expect([exe.statusCode, exe.json().error.code]).toEqual([400, 'FILE_INVALID']);
    const big = Buffer.concat([tinyPng, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(applicant, big, 'big.png');
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('once claimed for a unit, opens the file to staff holding the permission there and above, and to nobody else', async () => {
    const applicant = await signInByPhone(t, '13900004444');
    const id = (await upload(applicant, tinyPng)).json().id;
    const township = await createOrgUnder(t, chain.county, 'township');
    const village = await createOrgUnder(t, township, 'village');
    const sibling = await createOrgUnder(t, chain.city, 'county');
    const countyOfficer = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_officer' });
    const siblingOfficer = await createStaff(t, { orgId: sibling.id, roleId: 'relief_officer' });
    const treasurer = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });

    await t.db.transaction((tx) =>
      attachFiles(tx, { ...systemCtx }, [id], {
        orgId: village.id,
        readPermission: 'relief:review',
        purpose: 'relief',
      }),
    );
    const read = (c: Caller) => t.inject(c, { method: 'GET', url: `/api/files/${id}` });
    expect((await read(countyOfficer)).statusCode).toBe(200);
    expect((await read(applicant)).statusCode).toBe(200);
    expect((await read(siblingOfficer)).json().error.code).toBe('OUT_OF_SCOPE');
    expect((await read(treasurer)).json().error.code).toBe('FORBIDDEN');

    // Claimed once: another record cannot take it over; the same claim again changes nothing.
    await expect(
      t.db.transaction((tx) =>
        attachFiles(tx, systemCtx, [id], { orgId: sibling.id, readPermission: 'relief:review', purpose: 'relief' }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.db.transaction((tx) =>
      attachFiles(tx, systemCtx, [id], { orgId: village.id, readPermission: 'relief:review', purpose: 'relief' }),
    );
  });

  it('lets nobody claim a file someone else uploaded', async () => {
    const applicant = await signInByPhone(t, '13900005555');
    const id = (await upload(applicant, tinyPng)).json().id;
    const staff = await createStaff(t, { orgId: chain.county.id, roleId: 'relief_officer' });
    const staffCtx = {
      ...systemCtx,
      actor: {
        kind: 'staff' as const,
        userId: staff.userId,
        username: 'x',
        displayName: 'x',
        sessionHash: 'x',
        grants: [],
      },
    };
    await expect(
      t.db.transaction((tx) =>
        attachFiles(tx, staffCtx, [id], { orgId: chain.county.id, readPermission: 'relief:review', purpose: 'relief' }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('claims staff evidence for the record it proves: the bank slip of a gift opens to finance of its unit, not to a sibling unit', async () => {
    const sibling = await createOrgUnder(t, chain.city, 'county');
    const project = await createOpenProject(t, chain.county.id);
    const recorder = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
    const colleague = await createStaff(t, { orgId: chain.county.id, roleId: 'finance' });
    const siblingFinance = await createStaff(t, { orgId: sibling.id, roleId: 'finance' });
    const slip = (await upload(recorder, tinyPng, 'bank-slip.png')).json().id;
    // Unclaimed evidence: only its uploader (the old rule let any gift viewer anywhere read it).
    const record = await t.inject(recorder, {
      method: 'POST',
      url: '/api/donations',
      payload: {
        projectId: project.id,
        channel: 'bank',
        amountFen: 10_000,
        donorKind: 'person',
        donorName: '王五',
        intent: 'restricted',
        receivedAt: new Date().toISOString(),
        evidenceFileId: slip,
      },
    });
    expect(record.statusCode, record.body).toBe(201);
    expect((await t.inject(colleague, { method: 'GET', url: `/api/files/${slip}` })).statusCode).toBe(200);
    const outside = await t.inject(siblingFinance, { method: 'GET', url: `/api/files/${slip}` });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    // A file that does not exist is named by its field, and nothing is recorded.
    const missing = await t.inject(recorder, {
      method: 'POST',
      url: '/api/donations',
      payload: {
        projectId: project.id,
        channel: 'bank',
        amountFen: 10_000,
        donorKind: 'person',
        donorName: '王五',
        intent: 'restricted',
        receivedAt: new Date().toISOString(),
        evidenceFileId: crypto.randomUUID(),
      },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.details).toMatchObject({ field: 'evidenceFileId' });
  });
});
