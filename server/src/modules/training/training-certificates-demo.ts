// Demo data: historical certificates, awareness sessions and the units' registered populations, so the certificate
// list, the public verification page and the statistics have something to show on a first run (绍兴市 and its counties,
// with 诸暨市 the busiest). Deterministic: the same seed gives the same rows.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { maskName } from '../../platform/identity/masking';
import { seededRandom } from '../../platform/random';
import * as orgs from '../orgs/orgs.service';
import { seedPopulations } from '../orgs/populations';
import { addDays, addYears, formatCertNo, newVerifyCode, seriesOf } from './training-certificates';
import * as repo from './training-certificates.repo';

/** 户籍人口 (rounded, for the demo): the province, its cities, and 绍兴's counties. */
const populations: [code: string, population: number][] = [
  ['330000', 51_000_000],
  ['330100', 8_700_000],
  ['330200', 6_300_000],
  ['330300', 8_400_000],
  ['330400', 3_800_000],
  ['330500', 2_800_000],
  ['330600', 4_500_000],
  ['330700', 4_900_000],
  ['330800', 2_600_000],
  ['330900', 970_000],
  ['331000', 6_000_000],
  ['331100', 2_700_000],
  ['330602', 720_000],
  ['330603', 700_000],
  ['330604', 800_000],
  ['330624', 430_000],
  ['330681', 1_080_000],
  ['330683', 720_000],
  ['330681001', 160_000],
  ['330681002', 90_000],
];

/** Where the historical certificates were issued, and how many each. */
const issuers: [code: string, count: number][] = [
  ['330681', 160],
  ['330602', 40],
  ['330603', 30],
  ['330604', 30],
  ['330624', 15],
  ['330683', 25],
  ['330600', 20],
];

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳雪琳晨曦阳辉';

export async function seedDemoCertificates(db: Db): Promise<void> {
  if ((await repo.countCertificates(db)) > 0) {
    return;
  }
  const random = seededRandom(20_260_501);
  const pick = (s: string) => s[Math.floor(random() * s.length)];
  const thisYear = Number(toChinaDate().slice(0, 4));
  const today = toChinaDate();

  const units = new Map<string, orgs.OrgRow>();
  for (const [code] of [...populations, ...issuers]) {
    const org = await orgs.findOrgByCode(db, code);
    if (org) {
      units.set(code, org);
    }
  }
  await seedPopulations(
    db,
    populations
      .filter(([code]) => units.has(code))
      .flatMap(([code, population]) => [
        {
          orgId: units.get(code)!.id,
          year: thisYear - 1,
          population: Math.round(population * 0.995),
          source: '统计年鉴(演示)',
        },
        { orgId: units.get(code)!.id, year: thisYear, population, source: '统计年鉴(演示)' },
      ]),
  );

  const firstAider = await repo.findCourseByCode(db, 'first-aider');
  const awarenessCourse = await repo.findCourseByCode(db, 'awareness');
  if (firstAider) {
    const rows: repo.CertificateInsert[] = [];
    const seqs = new Map<string, number>();
    for (const [code, count] of issuers) {
      const org = units.get(code);
      if (!org) {
        continue;
      }
      const series = await seriesOf(db, org.id);
      for (let i = 0; i < count; i++) {
        // Issued over the last four years; a few fall due within the next 90 days.
        const daysAgo = i % 17 === 0 ? 3 * 365 - 20 - Math.floor(random() * 60) : Math.floor(random() * 4 * 365);
        const issuedOn = addDays(today, -daysAgo);
        const year = Number(issuedOn.slice(0, 4));
        const key = `${series.orgId}:${year}`;
        const seq = (seqs.get(key) ?? 0) + 1;
        seqs.set(key, seq);
        const name = pick(surnames) + pick(given) + (random() < 0.6 ? pick(given) : '');
        const idTail = String(Math.floor(random() * 10_000)).padStart(4, '0');
        rows.push({
          regionId: org.regionId,
          id: crypto.randomUUID(),
          certNo: formatCertNo(series.prefix, year, seq),
          orgId: org.id,
          courseId: firstAider.id,
          kind: 'first_aider',
          personId: crypto.randomUUID(),
          personRegionId: org.regionId,
          holderName: name,
          holderNameMasked: maskName(name),
          idNumberMasked: `330***********${idTail}`,
          issuedOn,
          validUntil: addDays(addYears(issuedOn, firstAider.certificateYears ?? 3), -1),
          status: 'valid',
          source: 'import',
          verifyCode: newVerifyCode(),
          createdBy: 'system:seed',
        });
      }
      for (const [key, seq] of seqs) {
        const [orgId, year] = key.split(':').map(Number);
        if (orgId === series.orgId) {
          await repo.raiseCertSeq(db, orgId, year, seq);
        }
      }
    }
    // One revoked certificate, so the public page shows that state too.
    const revoked = rows.find((r) => r.issuedOn > addDays(today, -365));
    if (revoked) {
      Object.assign(revoked, {
        status: 'revoked',
        revokedAt: new Date(),
        revokedBy: 'system:seed',
        revokeCategory: 'fraud',
        revokeReason: '演示:冒名参加考核,经核实撤销',
      });
    }
    await repo.insertCertificates(db, rows);
  }

  const venues: [kind: string, venue: string][] = [
    ['school', '暨阳中学'],
    ['school', '浣东小学'],
    ['village', '江东社区文化礼堂'],
    ['enterprise', '诸暨袜业园区'],
    ['community', '城东社区服务中心'],
    ['public_place', '诸暨市民广场'],
  ];
  const sessionUnits = ['330681', '330681001', '330681002', '330602', '330603', '330604', '330683'];
  const sessions: repo.AwarenessInsert[] = [];
  for (let i = 0; i < 80; i++) {
    const org = units.get(sessionUnits[i % sessionUnits.length]);
    if (!org) {
      continue;
    }
    const [venueKind, venue] = venues[Math.floor(random() * venues.length)];
    sessions.push({
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      courseId: awarenessCourse?.id ?? null,
      heldOn: addDays(today, -Math.floor(random() * 500)),
      venueKind,
      venue,
      topic: ['心肺复苏与AED', '气道异物梗阻急救', '创伤止血包扎', '防溺水与自救'][i % 4],
      attendees: 40 + Math.floor(random() * 400),
      hours: 2,
      trainerName: '诸暨市红十字救护师资',
      createdBy: 'system:seed',
    });
  }
  await repo.insertAwarenessSessions(db, sessions);
}
