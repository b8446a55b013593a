// Demo data for the cockpit: the catalogue; a modest spread of gifts and first-aid awareness sessions over 2025 and
// 2026 across every city and some of its counties (the module demos concentrate on 绍兴/诸暨), recorded through the
// modules' own services; registered populations for the cities; staff-entered party and publicity figures with their
// evidence notes; and a full recompute of both years so the cockpit is alive at first start.
import type { Db } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { seededRandom } from '../../platform/random';
import { systemActor } from '../../platform/rbac/actor';
import { createProject, defaultDonationRules, recordDonation, updateProject } from '../donations/donations.service';
import * as orgsService from '../orgs/orgs.service';
import { populationsAt, seedPopulations } from '../orgs/populations';
import { recordAwareness } from '../training/training-classes';
import * as repo from './kpi.repo';
import { ensureKpiCatalogue } from './kpi.service';
import { chinaYearMonth, refreshYear } from './kpi-refresh';

const ctx: Ctx = { actor: systemActor('seed:kpi'), requestId: null, ip: null, locale: 'zh' };

/** Branches (province, cities, counties) of the demo that report party and publicity activities on paper. */
const reportingCodes = [
  '330000',
  '330100',
  '330400',
  '330500',
  '330600',
  '330602',
  '330603',
  '330604',
  '330681',
  '330683',
];

/** 户籍人口 of the cities at the end of 2024 (rounded; Zhejiang statistical yearbook). */
const cityPopulations: Record<string, number> = {
  '330100': 8_560_000,
  '330200': 6_300_000,
  '330300': 8_360_000,
  '330400': 3_740_000,
  '330500': 2_700_000,
  '330600': 4_480_000,
  '330700': 4_870_000,
  '330800': 2_580_000,
  '330900': 970_000,
  '331000': 6_060_000,
  '331100': 2_720_000,
};

const donors = ['浙江某实业有限公司', '某银行股份有限公司支行', '爱心企业家协会', '某集团公益基金会', '某商会'];
const venues = ['school', 'community', 'enterprise', 'village', 'public_place'] as const;

export async function seedDemoKpi(db: Db): Promise<void> {
  await ensureKpiCatalogue(db);
  const rand = seededRandom(20261124);
  const now = chinaYearMonth();
  await seedSpread(db, rand, now);
  await seedManualFigures(db, rand, now);
  await refreshYear(db, now.year - 1);
  await refreshYear(db, now.year);
}

/** A random day of a month that has begun (this month: up to yesterday), as a China date. */
function dayIn(rand: () => number, year: number, month: number, now: { year: number; month: number }): string {
  const today = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(8, 10));
  const last = year === now.year && month === now.month ? Math.max(1, today - 1) : 28;
  return `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * last)).padStart(2, '0')}`;
}

/** Every month of last year and this year up to now, as [year, month]. */
function demoMonths(now: { year: number; month: number }): [number, number][] {
  const months: [number, number][] = [];
  for (const year of [now.year - 1, now.year]) {
    for (let m = 1; m <= (year === now.year ? now.month : 12); m++) {
      months.push([year, m]);
    }
  }
  return months;
}

async function seedSpread(db: Db, rand: () => number, now: { year: number; month: number }): Promise<void> {
  const [province] = await orgsService.orgsRepo.findOrgsByCodes(db, ['330000']);
  if (!province) {
    return;
  }
  const cities = (await orgsService.listAllChildUnits(db, province.id)).filter((c) => c.type === 'city' && c.isActive);
  const missing = [];
  for (const city of cities) {
    const population = city.code ? cityPopulations[city.code] : undefined;
    if (population && !(await populationsAt(db, [city.id], now.year)).has(city.id)) {
      missing.push({ orgId: city.id, year: now.year - 1, population, source: '浙江统计年鉴(户籍人口,演示数据)' });
    }
  }
  await seedPopulations(db, missing);
  const evidence = await db.transaction((tx) =>
    storeFile(tx, ctx, {
      purpose: 'evidence',
      name: '银行回单(演示).txt',
      bytes: new TextEncoder().encode('演示数据:银行进账回单'),
      contentType: 'text/plain',
    }),
  );
  const months = demoMonths(now);
  for (const city of cities) {
    const counties = (await orgsService.listAllChildUnits(db, city.id))
      .filter((c) => c.type === 'county' && c.isActive)
      .slice(0, 2);
    for (const unit of [city, ...counties]) {
      const project = await createProject(db, ctx, {
        orgId: unit.id,
        name: `${unit.name}博爱助学`,
        summary: '资助困难家庭学生完成学业',
        description: '',
        fundKind: 'restricted',
        purpose: '困难学生助学',
        targetFen: null,
        presetAmountsFen: [5000, 10000],
        startsOn: `${now.year - 1}-01-01`,
        endsOn: null,
        isEmergency: false,
      });
      await updateProject(db, ctx, project.id, { status: 'open' });
      const gifts = 2 + Math.floor(rand() * (unit.id === city.id ? 3 : 2));
      // Drawn first, recorded in calendar order: a project's fund spends its gifts first-in first-out by ledger order.
      const drawn = [];
      for (let i = 0; i < gifts; i++) {
        // Most gifts this year, so the cities' year-to-date figures differ.
        const [year, month] =
          i === 0 ? [now.year, 1 + Math.floor(rand() * now.month)] : months[Math.floor(rand() * months.length)];
        drawn.push({
          receivedAt: `${dayIn(rand, year, month, now)}T10:00:00+08:00`,
          amountFen: (20 + Math.floor(rand() * 480)) * 10_000,
          donorName: donors[Math.floor(rand() * donors.length)],
        });
      }
      drawn.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      for (const gift of drawn) {
        await recordDonation(db, ctx, defaultDonationRules, {
          projectId: project.id,
          channel: 'bank',
          amountFen: gift.amountFen,
          donorKind: 'organisation',
          donorName: gift.donorName,
          isAnonymous: false,
          intent: 'restricted',
          receivedAt: gift.receivedAt,
          evidenceFileId: evidence.id,
          waivesReceipt: true,
        });
      }
      for (let i = 0; i < 2 + Math.floor(rand() * 2); i++) {
        const [year, month] = months[Math.floor(rand() * months.length)];
        await recordAwareness(db, ctx, {
          orgId: unit.id,
          heldOn: dayIn(rand, year, month, now),
          venueKind: venues[Math.floor(rand() * venues.length)],
          venue: `${unit.name}${['实验小学', '社区服务中心', '工业园区', '文化礼堂', '市民广场'][i % 5]}`,
          topic: ['心肺复苏与AED使用', '气道异物梗阻急救', '创伤止血包扎', '溺水预防与现场急救'][i % 4],
          attendees: 40 + Math.floor(rand() * 360),
          hours: 2,
          instructorId: null,
          trainerName: '红十字应急救护师资',
          evidenceFileIds: [],
        });
      }
    }
  }
}

async function seedManualFigures(db: Db, rand: () => number, now: { year: number; month: number }): Promise<void> {
  const units = await orgsService.orgsRepo.findOrgsByCodes(db, reportingCodes);
  for (const unit of units) {
    for (const year of [now.year - 1, now.year]) {
      const last = year === now.year ? now.month - 1 : 12;
      for (let month = 1; month <= last; month++) {
        const ym = `${year}-${String(month).padStart(2, '0')}-01`;
        await repo.insertDemoManualFigure(db, {
          regionId: unit.regionId,
          orgId: unit.id,
          indicator: 'party.activities',
          month: ym,
          value: 1 + Math.floor(rand() * 4),
          evidenceNote: `${unit.name}${month}月主题党日、理论学习记录(会议纪要与签到表)`,
        });
        await repo.insertDemoManualFigure(db, {
          regionId: unit.regionId,
          orgId: unit.id,
          indicator: 'publicity.events',
          month: ym,
          value: month === 5 ? 6 + Math.floor(rand() * 6) : Math.floor(rand() * 3),
          evidenceNote: `${unit.name}${month}月宣传活动台账${month === 5 ? '(含“5·8”红十字博爱周)' : ''}`,
        });
      }
    }
  }
}
