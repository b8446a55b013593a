// The training module's indicators for the cockpit (数字驾驶舱): certificates issued, awareness attendees, and the
// shares of the registered population they reach. SQL over this module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { dateMonth, dateWithin, type KpiDefinition, monthEnds } from '../kpi/kpi-sql';

export const trainingKpis: KpiDefinition[] = [
  {
    code: 'training.certificates',
    group: 'first_aid',
    nameZh: '救护员取证',
    nameEn: 'First-aider certificates issued',
    unitZh: '人',
    unitEn: 'people',
    descriptionZh: '按发证日期统计的救护员证(含复训换证),计入发证单位;后来被撤销的证书仍计入发证当月。',
    descriptionEn:
      'First-aider certificates issued (re-certification included) by issue date, counted at the issuing unit.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${dateMonth('issued_on')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM training_certificates WHERE kind = 'first_aider' AND ${dateWithin('issued_on', r)}`,
  },
  {
    code: 'training.awareness',
    group: 'first_aid',
    nameZh: '普及培训人次',
    nameEn: 'Awareness-session attendees',
    unitZh: '人次',
    unitEn: 'attendees',
    descriptionZh: '应急救护普及培训(不发证)的参训人次,按培训日期统计,计入举办单位。',
    descriptionEn:
      'Attendees of first-aid awareness sessions (no certificate), by session date, at the organising unit.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${dateMonth('held_on')} AS month, attendees::float8 AS value, NULL::float8 AS den
        FROM training_awareness_sessions WHERE ${dateWithin('held_on', r)}`,
  },
  {
    code: 'training.certified_share',
    group: 'first_aid',
    nameZh: '持证救护员占户籍人口比例',
    nameEn: 'Certified first-aiders, share of population',
    unitZh: '%',
    unitEn: '%',
    descriptionZh:
      '月末持有效救护员证的人数(发证日不晚于月末、有效期未满、未被撤销,同一人计一次)除以户籍人口。户籍人口取本单位当年(或最近年份)的登记数,未登记时取下级单位之和。',
    descriptionEn:
      'People holding a valid first-aider certificate at month end (issued, not expired, not revoked; each person once per unit), over the registered population (the unit’s own figure for the year or the latest before, else the sum of its subunits’).',
    periodKind: 'stock',
    rollup: 'per_population',
    scale: 100,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT c.org_id, me.month, count(DISTINCT c.person_id)::float8 AS value, NULL::float8 AS den
        FROM ${monthEnds(r)}
        JOIN training_certificates c ON c.issued_on < me.end_date AND c.valid_until >= me.end_date - 1
          AND (c.revoked_at IS NULL OR c.revoked_at >= me.end_at)
       WHERE c.kind = 'first_aider'
       GROUP BY c.org_id, me.month`,
  },
  {
    code: 'training.awareness_share',
    group: 'first_aid',
    nameZh: '救护知识普及占户籍人口比例',
    nameEn: 'First-aid awareness reach, share of population',
    unitZh: '%',
    unitEn: '%',
    descriptionZh: '截至月末累计的普及培训人次(自有记录起)除以户籍人口;同一人多次参训会重复计数(近似值)。',
    descriptionEn:
      'Awareness attendees accumulated since records began, up to month end, over the registered population; a person attending twice counts twice (an approximation).',
    periodKind: 'stock',
    rollup: 'per_population',
    scale: 100,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT s.org_id, me.month, sum(s.attendees)::float8 AS value, NULL::float8 AS den
        FROM ${monthEnds(r)}
        JOIN training_awareness_sessions s ON s.held_on < me.end_date
       GROUP BY s.org_id, me.month`,
  },
];
