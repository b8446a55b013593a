// Demo grievances for a first run, on top of the relief demo data: complaints at each step (one upheld against a
// relief case, one overdue), a call-back sample of paid recipients with results (a denial opens an investigation),
// and the duplicate scan. Goes through the services: deadlines, audit and outbox are real.
import type { Db } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as relief from '../relief/relief.service';
import * as oversight from '../relief/relief-oversight';
import { drawCallbackSample, listCallbackTasks, recordCallbackResult } from './callbacks';
import { scanForDuplicates } from './duplicates';
import * as repo from './grievances.repo';
import {
  acceptGrievance,
  addInvestigationNote,
  concludeGrievance,
  fileGrievance,
  flagOverdueGrievances,
} from './grievances.service';

const ctxOf = (label: string): Ctx => ({ actor: systemActor(label), requestId: null, ip: null, locale: 'zh' });
const dayMs = 86_400_000;

/**
 * Seeds the demo grievances once (returns null when any grievance exists). Call it after the relief demo data, outside
 * any open transaction. Without relief cases only the complaints about units are made.
 */
export async function seedDemoGrievances(
  db: Db,
  opts: { now?: Date; unitCode?: string } = {},
): Promise<{ grievances: number; sampled: number; duplicates: number } | null> {
  if (await hasAny(db)) {
    return null;
  }
  const now = opts.now ?? new Date();
  const pub = ctxOf('public');
  const staff = ctxOf('seed');
  const unit = await orgs.findOrgByCode(db, opts.unitCode ?? '330681');
  const nil = '00000000-0000-0000-0000-000000000000';
  const cases = await oversight.listCasesCreatedAfter(db, new Date(0), nil, 200);
  let count = 0;

  const firstCase = cases[0];
  if (firstCase) {
    const filed = await fileGrievance(db, pub, {
      kind: 'complaint',
      subjectKind: 'relief_case',
      subjectRef: firstCase.caseNo,
      content: '公示栏上没有看到这户的救助公示,村里人都不知道,希望核实审批和公示程序。',
      isAnonymous: true,
    });
    const g = (await repo.findGrievanceByNo(db, filed.grievanceNo))!;
    await acceptGrievance(db, staff, g.id, '转乡镇红会核查公示情况');
    await addInvestigationNote(db, staff, g.id, '调取公示照片:公示张贴于村委会内部,未在公开栏张贴,公示范围不足。');
    await concludeGrievance(db, staff, g.id, {
      outcome: 'upheld',
      reply: '经核查,该个案公示张贴位置不符合要求,已责令在村务公开栏重新公示 7 天,公示期满无异议后再办理后续手续。',
    });
    count++;
  }
  const paid = cases.find((c) => c.status === 'paid' || c.status === 'followed_up' || c.status === 'closed');
  if (paid) {
    const filed = await fileGrievance(db, pub, {
      kind: 'objection',
      subjectKind: 'relief_case',
      subjectRef: paid.caseNo,
      content: '听说这户家里条件不差,儿子在城里有房,对救助有异议。',
      isAnonymous: false,
      name: '陈先生',
      phone: '13857500001',
    });
    const g = (await repo.findGrievanceByNo(db, filed.grievanceNo))!;
    await acceptGrievance(db, staff, g.id);
    await addInvestigationNote(db, staff, g.id, '已联系村红会,安排入户复核家庭财产情况。');
    count++;
  }
  if (unit) {
    // Filed five weeks ago and never accepted: past its 15 working days, flagged by the overdue job.
    await fileGrievance(
      db,
      pub,
      {
        kind: 'complaint',
        subjectKind: 'other',
        orgId: unit.id,
        content: '社区急救培训报名后一直没有人联系,电话也打不通。',
        isAnonymous: false,
        name: '周女士',
        phone: '13857500002',
      },
      new Date(now.getTime() - 35 * dayMs),
    );
    await fileGrievance(db, pub, {
      kind: 'complaint',
      subjectKind: 'other',
      orgId: unit.id,
      content: '捐赠物资发放时排队时间太长,建议分时段发放。',
      isAnonymous: true,
    });
    count += 2;
  }
  await flagOverdueGrievances(db, now);

  let sampled = 0;
  const root = unit ? await orgs.getOrg(db, unit.regionId) : undefined;
  if (root) {
    const from = new Date(now.getTime() - 365 * dayMs).toISOString().slice(0, 10);
    const to = new Date(now.getTime() + dayMs).toISOString().slice(0, 10);
    const sample = await drawCallbackSample(db, staff, {
      orgId: root.id,
      periodFrom: from,
      periodTo: to,
      size: 10,
    }).catch(() => undefined);
    if (sample) {
      sampled = sample.sampleSize;
      const tasks = (await listCallbackTasks(db, staff, { sampleId: sample.id })).sort(
        (a, b) => a.drawOrder - b.drawOrder,
      );
      const results = ['confirmed', 'denied', 'unreachable', 'confirmed'] as const;
      for (const [i, task] of tasks.slice(0, results.length).entries()) {
        await recordCallbackResult(db, staff, task.id, {
          result: results[i],
          note: results[i] === 'denied' ? '受助人称银行卡未见到款项,需核对拨付账户。' : undefined,
        });
      }
    }
  }
  if (paid && unit) {
    await fileDemoDuplicate(db, staff, paid, unit.id);
  }
  const scan = await scanForDuplicates(db, now);
  return { grievances: count, sampled, duplicates: scan.raised.length };
}

/** A 1×1 PNG standing in for the scanned materials. */
const demoPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The paid recipient applies again in another village of the same county (a new relief case through the relief
 * module), so the duplicate scan has a true pair to raise.
 */
async function fileDemoDuplicate(db: Db, ctx: Ctx, paid: oversight.CaseRef, countyId: number) {
  const villages = await orgs.listOrgs(db, ctx, { type: 'village', under: countyId, page: 1, pageSize: 50 });
  const other = villages.items.find((v) => v.id !== paid.orgId);
  if (!other) {
    return;
  }
  const kind = await relief.getKind(db, paid.kind);
  const materials = [];
  for (const m of kind.materials as { key: string; isRequired: boolean }[]) {
    if (m.isRequired) {
      const file = await db.transaction((tx) =>
        storeFile(tx, ctx, { purpose: 'upload', name: `演示-${m.key}.png`, bytes: demoPng }),
      );
      materials.push({ key: m.key, fileId: file.id });
    }
  }
  await relief
    .fileCase(db, ctx, {
      kind: paid.kind as 'hardship',
      orgId: other.id,
      applicant: { personId: paid.personId },
      householdSize: 3,
      causeCategory: 'illness',
      causeText: '家人住院治疗,医疗费用负担重(在另一村再次申请)',
      requestedFen: 300_000,
      materials,
    })
    .catch(() => undefined);
}

async function hasAny(db: Db): Promise<boolean> {
  const { rows } = await repo.listGrievances(db, [], '9999-12-31', 1, 0);
  return rows.length > 0;
}
