// Deadlines over HTTP: the administrators' calendar (holidays, make-up days, years not maintained) moves the
// acceptance and conclusion dates; the work queue puts overdue requests first and pages by keyset; the alert job
// tells the unit and the applicant once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { alertDeadlines } from './deadline-alerts';
import type { RequestDetail, RequestSummary } from './services.schemas';

let t: TestApp;
let county: OrgView;
let handler: Caller;
let outsider: Caller;
let manager: Caller;
let citizen: Caller;

const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
const today = toChinaDate();

async function submitQuery(): Promise<RequestDetail> {
  const res = await t.inject(citizen, {
    method: 'POST',
    url: '/api/services/my/requests',
    payload: {
      itemCode: 'donation-query',
      orgId: county.id,
      applicantName: '赵六',
      form: { question: '?' },
      fileIds: {},
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  county = chain.county;
  const other = await createOrgUnder(t, chain.city, 'county');
  handler = await createStaff(t, { orgId: county.id, permissions: ['services:handle'] });
  outsider = await createStaff(t, { orgId: other.id, permissions: ['services:handle'] });
  manager = await createStaff(t, { orgId: chain.province.id, permissions: ['services:manage'] });
  citizen = await signInByPhone(t, '13600136001');
});
afterAll(() => t.close());

describe('the working calendar', () => {
  it('ships the official 2025 and 2026 arrangements and says which years are covered', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/services/calendar?year=2026' });
    expect(res.statusCode).toBe(200);
    const cal = res.json();
    expect(cal.coveredYears).toEqual(expect.arrayContaining([2025, 2026]));
    expect(cal.isYearCovered).toBe(true);
    expect(cal.days).toContainEqual({ date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' });
    expect(cal.days).toContainEqual({ date: '2026-02-16', kind: 'holiday', name: '春节' });
    const later = (await t.inject(null, { method: 'GET', url: '/api/services/calendar?year=2031' })).json();
    expect(later).toMatchObject({ year: 2031, days: [], isYearCovered: false });
  });

  it('refuses a make-up working day on a weekday, an impossible date, and anyone without services:manage', async () => {
    const monday = '2026-03-02';
    const wrong = await t.inject(manager, {
      method: 'PUT',
      url: `/api/services/calendar/days/${monday}`,
      payload: { kind: 'workday', name: '调休' },
    });
    expect(wrong.statusCode).toBe(400);
    const impossible = await t.inject(manager, {
      method: 'PUT',
      url: '/api/services/calendar/days/2026-02-30',
      payload: { kind: 'holiday', name: '假' },
    });
    expect(impossible.statusCode).toBe(400);
    const staff = await t.inject(handler, {
      method: 'PUT',
      url: '/api/services/calendar/days/2026-03-02',
      payload: { kind: 'holiday', name: '假' },
    });
    expect(staff.statusCode).toBe(403);
    const missing = await t.inject(manager, { method: 'DELETE', url: '/api/services/calendar/days/2026-03-03' });
    expect(missing.statusCode).toBe(404);
  });

  it('moves the deadlines past a holiday the administrators add, and onto a make-up Saturday', async () => {
    // Seven days off after today, then the first Saturday after them is worked.
    for (let i = 1; i <= 7; i++) {
      const res = await t.inject(manager, {
        method: 'PUT',
        url: `/api/services/calendar/days/${plusDays(today, i)}`,
        payload: { kind: 'holiday', name: '测试假期' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    let saturday = plusDays(today, 8);
    while (weekday(saturday) !== 6) {
      saturday = plusDays(saturday, 1);
    }
    const set = await t.inject(manager, {
      method: 'PUT',
      url: `/api/services/calendar/days/${saturday}`,
      payload: { kind: 'workday', name: '测试调休' },
    });
    expect(set.statusCode).toBe(200);

    // The expected dates, counted here from the calendar the API shows.
    const years = [...new Set([today, plusDays(today, 60)].map((d) => d.slice(0, 4)))];
    const exceptions = new Map<string, string>();
    for (const y of years) {
      const cal = (await t.inject(null, { method: 'GET', url: `/api/services/calendar?year=${y}` })).json();
      for (const d of cal.days as { date: string; kind: string }[]) {
        exceptions.set(d.date, d.kind);
      }
    }
    const works = (d: string) => (exceptions.get(d) ?? (weekday(d) % 6 === 0 ? 'holiday' : 'workday')) === 'workday';
    const nth = (n: number) => {
      let d = today;
      for (let left = n; left > 0; ) {
        d = plusDays(d, 1);
        if (works(d)) {
          left--;
        }
      }
      return d;
    };

    const r = await submitQuery();
    expect(r.acceptDueOn).toBe(nth(1));
    expect(r.acceptDueOn! > plusDays(today, 7)).toBe(true);
    expect(r.acceptDueOn! <= saturday).toBe(true);
    const accepted = await t.inject(handler, {
      method: 'POST',
      url: `/api/services/requests/${r.id}/transitions`,
      payload: { to: 'accepted' },
    });
    expect(accepted.json().dueOn).toBe(nth(5)); // 捐赠查询与反馈: 5 working days
    expect(accepted.json()).toMatchObject({ isOverdue: false, workingDaysLeft: 5 });
  });
});

describe('the work queue', () => {
  let ids: string[];

  beforeAll(async () => {
    // Four open requests; three made older than they are (deadlines passed, or today).
    ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await submitQuery()).id);
    }
    const deadlines = [plusDays(today, -3), plusDays(today, -1), today];
    for (const [i, d] of deadlines.entries()) {
      await t.db.execute(
        sql`UPDATE service_requests SET accept_due_on = ${d}, deadline_on = ${d} WHERE id = ${ids[i]}`,
      );
    }
  });

  it('shows overdue requests first, then by deadline, keyset-paged without repeats', async () => {
    const first = await t.inject(handler, { method: 'GET', url: '/api/services/queue?limit=2' });
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: RequestSummary[]; nextCursor: string };
    expect(page1.items.map((i) => i.id)).toEqual([ids[0], ids[1]]);
    expect(page1.items.every((i) => i.isOverdue)).toBe(true);
    expect(page1.items[0].workingDaysLeft).toBeLessThan(0);
    const all: RequestSummary[] = [...page1.items];
    let cursor: string | null = page1.nextCursor;
    while (cursor) {
      const res = await t.inject(handler, { method: 'GET', url: `/api/services/queue?limit=2&cursor=${cursor}` });
      const next = res.json() as { items: RequestSummary[]; nextCursor: string | null };
      all.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    expect(all[2]).toMatchObject({ id: ids[2], isOverdue: false, isDueSoon: true, workingDaysLeft: 0 });
    const deadlines = all.map((i) => i.deadlineOn!);
    expect(deadlines).toEqual([...deadlines].sort());
  });

  it('filters to overdue requests and counts them', async () => {
    const overdue = (await t.inject(handler, { method: 'GET', url: '/api/services/queue?urgency=overdue' })).json();
    expect(overdue.items.map((i: RequestSummary) => i.id)).toEqual([ids[0], ids[1]]);
    const counts = (await t.inject(handler, { method: 'GET', url: '/api/services/queue/counts' })).json();
    expect(counts).toMatchObject({ overdue: 2, open: 5, submitted: 4, inHand: 1 });
    expect(counts.dueSoon).toBeGreaterThanOrEqual(1);
  });

  it('shows another county nothing', async () => {
    const res = await t.inject(outsider, { method: 'GET', url: '/api/services/queue' });
    expect(res.json().items).toEqual([]);
    const scoped = await t.inject(outsider, { method: 'GET', url: `/api/services/queue?orgId=${county.id}` });
    expect(scoped.statusCode).toBe(403);
  });

  it('alerts the unit and, when overdue, the applicant — once', async () => {
    await t.db.execute(sql`UPDATE orgs SET contact_phone = '13500135000' WHERE id = ${county.id}`);
    const first = await alertDeadlines(t.db, 500, today);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(await alertDeadlines(t.db, 500, today)).toBe(0);
    const sms = await queryRows<{ template: string; n: number }>(
      t.db,
      sql`SELECT template, count(*)::int AS n FROM outbox_messages
          WHERE template IN ('services.overdue', 'services.unit-alert') GROUP BY template ORDER BY template`,
    );
    expect(sms).toEqual([
      { template: 'services.overdue', n: 2 },
      { template: 'services.unit-alert', n: first },
    ]);
    const staff = (await t.inject(handler, { method: 'GET', url: `/api/services/requests/${ids[0]}` })).json();
    expect(staff.events.at(-1)).toMatchObject({ action: 'alerted', actorLabel: '系统' });
    const mine = (await t.inject(citizen, { method: 'GET', url: `/api/services/my/requests/${ids[0]}` })).json();
    expect(mine.events.map((e: { action: string }) => e.action)).toEqual(['submitted']);
  });
});
