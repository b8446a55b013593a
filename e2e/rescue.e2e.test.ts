// Browser journey of rescue teams (issue 7, "Done when": log a rescue deployment). The demo rescue leader `jiuyuan`
// logs a flood call-out of 诸暨市红十字水上救援队 on a phone-sized screen: picks three members, records one leaving
// on their own and the rest leaving together, one coming back and then the whole team, writes what was done and closes
// it; the timeline shows each step, and the team's statistics show the new attendance (出勤人次, 党员出勤人次).
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { horizontalOverflow, launchBrowser, staffApi, staffPage } from './support';

const baseUrl = inject('baseUrl');
const place = `浦阳江枫桥段 E2E-${Date.now() % 100_000}`;

let close: () => Promise<void>;
let browser: Browser;
let leader: APIRequestContext;
let context: BrowserContext;
let page: Page;
let teamId = 0;
let before = { attendance: 0, partyAttendance: 0 };

async function shot(name: string): Promise<void> {
  const dir = process.env.BOAI_E2E_SHOTS;
  if (dir) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  }
}

async function teamStats() {
  const stats = await (await leader.get('/api/rescue/stats')).json();
  return stats.byTeam.find((r: { orgId: number }) => r.orgId === teamId) as {
    attendance: number;
    partyAttendance: number;
  };
}

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  leader = await staffApi(baseUrl, 'jiuyuan');
  const teams = await (await leader.get('/api/rescue/teams')).json();
  teamId = teams.find((t: { name: string }) => t.name === '诸暨市红十字水上救援队').orgId;
  before = await teamStats();
  ({ page, context } = await staffPage(browser, baseUrl, 'jiuyuan', { viewport: { width: 390, height: 844 } }));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await close?.();
  await leader?.dispose();
});

describe('救援队出动: a team leader logs a flood deployment on a phone', () => {
  it('calls the team out with three members', async () => {
    await page.goto('/console/rescue/deployments');
    await page.getByTestId('callout-open').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByText('诸暨市红十字水上救援队').count()).toBeGreaterThan(0);
    await dialog.getByLabel('地点').fill(place);
    await dialog.getByLabel('事件描述').fill('梅汛暴雨,沿江村庄多户被困');
    for (const name of ['陈建国', '周海峰', '宣丽萍']) {
      await dialog.getByLabel(name).check();
    }
    await shot('rescue-callout');
    await page.getByTestId('callout-submit').click();
    await page.getByTestId('rescue-deployment-page').waitFor();
    await expect.poll(() => page.getByTestId('deployment-status').textContent()).toBe('已集结');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('records who left and came back, and when', async () => {
    const member = (name: string) => page.getByTestId(`dispatched-${name}`);
    await member('陈建国').getByRole('button', { name: '现在出发' }).click();
    await expect.poll(() => page.getByTestId('deployment-status').textContent()).toBe('出动中');
    await page.getByRole('button', { name: '全队出发' }).waitFor({ state: 'detached' });
    // The others are still to leave: each has a "leaving now" button; the captain one for coming back.
    await member('周海峰').getByRole('button', { name: '现在出发' }).click();
    await member('宣丽萍').getByRole('button', { name: '现在出发' }).click();
    await member('宣丽萍').getByRole('button', { name: '现在返回' }).click();
    await member('宣丽萍').getByRole('button', { name: '现在返回' }).waitFor({ state: 'detached' });
    await page.getByTestId('all-return').click();
    await expect.poll(() => page.getByTestId('deployment-status').textContent()).toBe('已归队');
    for (const name of ['陈建国', '周海峰', '宣丽萍']) {
      await expect
        .poll(() => member(name).textContent())
        .toMatch(/出发 \d\d\/\d\d \d\d:\d\d · 返回 \d\d\/\d\d \d\d:\d\d/);
    }
    await shot('rescue-deployment-returned');
  });

  it('records what was done and closes the deployment', async () => {
    await page.getByTestId('report-tasks').fill('转移被困群众 56 人,巡查堤坝 3 公里');
    await page.getByLabel('服务群众', { exact: true }).fill('56');
    await page.getByLabel('救出', { exact: true }).fill('2');
    await page.getByTestId('report-save').click();
    await page.getByText('已保存').waitFor();
    await page.getByTestId('close-deployment').click();
    await expect.poll(() => page.getByTestId('deployment-status').textContent()).toBe('已结束');
    for (const step of ['接到调令,集结', '派出队员', '出动', '归队', '更新任务记录', '结束']) {
      expect(await page.getByText(step, { exact: false }).count(), step).toBeGreaterThan(0);
    }
    await shot('rescue-deployment-closed');
  });

  it('shows the new attendance in the team’s statistics', async () => {
    const after = await teamStats();
    expect(after.attendance).toBe(before.attendance + 3);
    expect(after.partyAttendance).toBe(before.partyAttendance + 2);
    await page.goto('/console/rescue/stats');
    const total = (await (await leader.get('/api/rescue/stats')).json()).totals.attendance;
    await expect.poll(() => page.getByTestId('stat-attendance').textContent()).toContain(String(total));
    await shot('rescue-stats');
  });
});
