// Demo annual report / audit result publications for the transparency index: 浙江省 and most of 绍兴市's branches
// published last year's report and audit result on time; one district's audit result came late and 诸暨市 has not
// published its audit result yet (the console journey records it), so the index shows a realistic mix. Written
// through the service, as the unit's staff would record it.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { listAnnualDisclosures, recordAnnualDisclosure } from './kpi-transparency';

const seedCtx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

/** Branch code → when its report and audit result went public (China dates of the year after the report year). */
const published: { code: string; report: string; audit: string | null }[] = [
  { code: '330000', report: '03-28', audit: '04-30' },
  { code: '330100', report: '04-15', audit: '05-20' },
  { code: '330600', report: '04-08', audit: '05-12' },
  { code: '330602', report: '04-20', audit: '05-26' },
  { code: '330603', report: '04-22', audit: '06-18' },
  { code: '330604', report: '05-06', audit: '05-29' },
  { code: '330681', report: '03-31', audit: null },
  { code: '330683', report: '05-30', audit: '05-28' },
];

/** Records last year's publications of the demo branches (skips any already recorded, so it may run twice). */
export async function seedDemoTransparency(db: Db, now = new Date()): Promise<void> {
  const year = Number(now.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  const units = await orgs.orgsRepo.findOrgsByCodes(
    db,
    published.map((p) => p.code),
  );
  for (const unit of units) {
    const p = published.find((x) => x.code === unit.code)!;
    const existing = await listAnnualDisclosures(db, seedCtx, { orgId: unit.id, reportYear: year - 1 });
    const items = [
      { kind: 'annual_report' as const, on: p.report, title: `${unit.name}红十字会${year - 1}年度工作报告` },
      ...(p.audit
        ? [{ kind: 'audit_result' as const, on: p.audit, title: `${unit.name}红十字会${year - 1}年度审计报告` }]
        : []),
    ];
    for (const item of items) {
      const publishedAt = new Date(`${year}-${item.on}T10:00:00+08:00`);
      if (publishedAt > now || existing.some((e) => e.kind === item.kind)) {
        continue;
      }
      await recordAnnualDisclosure(db, seedCtx, {
        orgId: unit.id,
        reportYear: year - 1,
        kind: item.kind,
        title: item.title,
        url: `https://www.example.org/redcross/${unit.code}/${year - 1}/${item.kind}.pdf`,
        publishedAt: publishedAt.toISOString(),
      });
    }
  }
}
