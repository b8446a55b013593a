// 对账 through the HTTP routes: a day's local statement reconciles cleanly; an edited one shows every difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChinaDate } from '../../platform/dates';
import { createBranchChain, createOpenProject, createStaff, giveOnline } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';

let t: TestApp;
let finance: Caller;
let project: Awaited<ReturnType<typeof createOpenProject>>;

function upload(csv: string, channel = 'local') {
  const boundary = '----boai-statement';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="statement.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(csv, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject(finance, {
    method: 'POST',
    url: `/api/payment-statements?channel=${channel}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  project = await createOpenProject(t, chain.city.id);
  finance = await createStaff(t, { orgId: chain.province.id, roleId: 'finance' });
});
afterAll(() => t.close());

describe('reconciling a provider statement', () => {
  it('matches every line of a clean day, and lists what is missing or different in an edited one', async () => {
    const a = await giveOnline(t, project.code, 1_000);
    const b = await giveOnline(t, project.code, 2_000);
    const c = await giveOnline(t, project.code, 3_000);
    expect([a, b, c].every((g) => g.paid.statusCode === 200)).toBe(true);
    const csv = await t.inject(finance, {
      method: 'GET',
      url: `/api/payment-statements/local.csv?date=${toChinaDate()}`,
    });
    expect(csv.statusCode).toBe(200);
    const clean = await upload(csv.body);
    expect(clean.statusCode, clean.body).toBe(201);
    expect(clean.json().summary).toMatchObject({ missingInOurs: 0, missingInStatement: 0, amountMismatch: 0 });
    expect(clean.json().summary.matched).toBeGreaterThanOrEqual(3);

    const lines = csv.body.trimEnd().split(/\r?\n/);
    const header = lines[0];
    const row = (orderNo: string) => lines.find((l) => l.startsWith(orderNo))!;
    const edited = [
      header,
      row(a.order.orderNo),
      // b is missing from the statement; c has a different amount; an order we never had appears.
      row(c.order.orderNo).replace(',3000,', ',2999,'),
      row(a.order.orderNo).replace(a.order.orderNo, 'O20260101ZZZZZZZZZZ'),
    ].join('\n');
    const res = await upload(edited);
    expect(res.statusCode, res.body).toBe(201);
    const kinds = res.json().issues.map((i: { kind: string; orderNo: string }) => `${i.kind}:${i.orderNo}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `missingInStatement:${b.order.orderNo}`,
        `amountMismatch:${c.order.orderNo}`,
        'missingInOurs:O20260101ZZZZZZZZZZ',
      ]),
    );
    const list = await t.inject(finance, { method: 'GET', url: '/api/payment-statements' });
    expect(list.json().total).toBe(2);
  });

  it('refuses a file that is not a statement, and writes nothing', async () => {
    const res = await upload('hello,world\n1,2\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const list = await t.inject(finance, { method: 'GET', url: '/api/payment-statements' });
    expect(list.json().total).toBe(2);
  });
});
