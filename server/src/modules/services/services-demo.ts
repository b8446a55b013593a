// Demo service-hall data for a first run: half a year of concluded requests across the province's villages and
// townships (so the 办结率 charts have history), and live requests of 诸暨 in every state through the services, some
// made by the demo citizen 13800000001 (sign in with that phone to follow them).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { maskPhone } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { seededRandom } from '../../platform/random';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { loadCalendar } from './catalogue';
import * as repo from './services.repo';
import type { FormAnswers, FormField } from './services.schemas';
import { advanceServiceRequest, newRequestNumber, openServiceRequest } from './services.service';
import { addCalendarDays, addWorkingDays, workingDaysBetween } from './working-days';

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
export const demoCitizenPhone = '13800000001';
const names = ['王秀英', '李建国', '张伟', '刘芳', '陈小龙', '杨桂兰', '黄海燕', '赵志强', '吴婷', '周明'];

/** Answers that pass each field of an item (demo data only). */
function demoAnswers(fields: FormField[], rand: () => number): FormAnswers {
  const out: FormAnswers = {};
  for (const f of fields) {
    if (!f.required) {
      continue;
    }
    switch (f.type) {
      case 'select':
        out[f.key] = f.options?.[Math.floor(rand() * f.options.length)]?.value ?? null;
        break;
      case 'number':
        out[f.key] = Math.max(f.min ?? 1, 1);
        break;
      case 'date':
        out[f.key] = toChinaDate();
        break;
      case 'phone':
        out[f.key] = '13900000000';
        break;
      case 'idNumber':
        out[f.key] = `33068119800101001${computeCheckCharacter('33068119800101001')}`;
        break;
      default:
        out[f.key] = f.type === 'textarea' ? '演示申请,情况属实。' : '演示';
    }
  }
  return out;
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * Seeds the demo requests once (nothing when any request exists). Call after the units and the catalogue exist,
 * outside any open transaction.
 */
export async function seedDemoServices(db: Db, opts: { history?: number; now?: Date } = {}): Promise<boolean> {
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji || (await repo.hasAnyRequest(db))) {
    return false;
  }
  const rand = seededRandom(20261124);
  const calendar = await loadCalendar(db);
  const items = (await repo.listItems(db)).filter(
    (i) => i.isActive && i.materials && (i.materials as unknown[]).length === 0,
  );
  const allItems = await repo.listItems(db);
  const today = toChinaDate(opts.now);
  const province = await orgs.findOrgByCode(db, '330000');
  if (!province) {
    return false;
  }
  const { items: units } = await orgs.listOrgs(db, ctx, {
    page: 1,
    pageSize: 500,
    type: 'village',
    under: province.id,
  });
  const villages = units.filter((u) => u.path.startsWith(province.path));

  // ---------------------------------------------------------------- history: concluded requests of the last 180 days
  const requests: repo.RequestInsert[] = [];
  const events: repo.EventInsert[] = [];
  const chain = new Map<number, orgs.OrgRow[]>();
  const ancestorsOf = async (id: number, path: string) => {
    if (!chain.has(id)) {
      chain.set(id, await orgs.findOrgsByIds(db, path.split('.').filter(Boolean).map(Number)));
    }
    return chain.get(id)!;
  };
  const levelTypes = ['village', 'township', 'county', 'city', 'province'];
  for (let n = 0; n < (opts.history ?? 600) && villages.length > 0; n++) {
    const village = villages[Math.floor(rand() * villages.length)];
    const item = allItems[Math.floor(rand() * allItems.length)];
    const ancestors = await ancestorsOf(village.id, village.path);
    const rank = levelTypes.indexOf(item.handlingLevel);
    const handler =
      [...ancestors].reverse().find((o) => levelTypes.indexOf(o.type) >= rank) ?? ancestors[ancestors.length - 1];
    const submittedOn = addCalendarDays(today, -(8 + Math.floor(rand() * 172)));
    const submittedAt = at(submittedOn, 9 + Math.floor(rand() * 8));
    const acceptedOn = addWorkingDays(submittedOn, rand() < 0.9 ? 0 : 1, calendar);
    const dueOn = addWorkingDays(acceptedOn, item.timeLimitDays, calendar);
    const late = rand() < 0.06;
    const handling = late
      ? item.timeLimitDays + 1 + Math.floor(rand() * 3)
      : Math.floor(rand() * (item.timeLimitDays + 1));
    const concludedOn = addWorkingDays(acceptedOn, handling, calendar);
    const roll = rand();
    const status = roll < 0.03 ? 'refused' : roll < 0.05 ? 'withdrawn' : roll < 0.09 ? 'rejected' : 'done';
    const accepted = status === 'done' || status === 'rejected';
    const phone = `+86139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    const id = crypto.randomUUID();
    const stars = accepted && rand() < 0.6 ? (rand() < 0.85 ? 5 : rand() < 0.5 ? 4 : 3) : null;
    requests.push({
      regionId: handler.regionId,
      id,
      requestNo: newRequestNumber(submittedAt),
      itemId: item.id,
      orgId: handler.id,
      filedAtOrgId: village.id,
      channel: rand() < 0.7 ? 'online' : 'counter',
      status,
      applicantName: names[Math.floor(rand() * names.length)],
      applicantPhoneEnc: pii().encrypt(phone),
      applicantPhoneHash: pii().blindIndex('phone', phone),
      applicantPhoneMasked: maskPhone(phone),
      form: {},
      files: [],
      submittedOn,
      submittedAt,
      acceptDueOn: addWorkingDays(submittedOn, 1, calendar),
      acceptedAt: accepted ? at(acceptedOn, 10) : null,
      dueOn: accepted ? dueOn : null,
      deadlineOn: null,
      concludedAt: at(accepted ? concludedOn : addWorkingDays(submittedOn, 1, calendar), 16),
      handlingDays: accepted ? workingDaysBetween(acceptedOn, concludedOn, calendar) : null,
      isOnTime: accepted ? concludedOn <= dueOn : null,
      stars,
      ratedAt: stars ? at(addCalendarDays(concludedOn, 1), 20) : null,
      createdBy: 'system:seed',
    });
    const step = (action: string, from: string | null, to: string | null, when: Date, who: string) =>
      events.push({
        regionId: handler.regionId,
        id: crypto.randomUUID(),
        requestId: id,
        action,
        fromStatus: from,
        toStatus: to,
        note: null,
        isPublic: true,
        actorKind: 'system',
        actorId: null,
        actorLabel: who,
        actorName: null,
        orgId: handler.id,
        at: when,
      });
    const unit = `${handler.name} · 工作人员`;
    step('submitted', null, 'submitted', submittedAt, '申请人');
    if (status === 'refused' || status === 'withdrawn') {
      step(
        status,
        'submitted',
        status,
        at(addWorkingDays(submittedOn, 1, calendar), 16),
        status === 'refused' ? unit : '申请人',
      );
    } else {
      step('accepted', 'submitted', 'accepted', at(acceptedOn, 10), unit);
      step(status, 'accepted', status, at(concludedOn, 16), unit);
    }
  }
  await db.transaction(async (tx) => {
    await repo.insertRequests(tx, requests);
    await repo.insertEvents(tx, events);
    await repo.rebuildStatsRollup(tx);
  });

  // ---------------------------------------------------------------- live requests of 诸暨 in every state
  const town = await orgs.findOrgByCode(db, '330681001');
  const village = (town && villages.find((v) => v.parentId === town.id)) ?? zhuji;
  const live: [string, string[]][] = [
    ['submitted', []],
    ['submitted', []],
    ['returned', ['returned']],
    ['accepted', ['accepted']],
    ['in_progress', ['accepted', 'in_progress']],
    ['in_progress', ['accepted', 'in_progress']],
    ['done', ['accepted', 'in_progress', 'done']],
    ['rejected', ['accepted', 'rejected']],
    ['refused', ['refused']],
    ['withdrawn', ['withdrawn']],
  ];
  for (const [k, [, path]] of live.entries()) {
    const item = items[k % items.length];
    await db.transaction(async (tx) => {
      const row = await openServiceRequest(
        tx,
        ctx,
        {
          itemCode: item.code,
          orgId: village.id,
          applicant: { name: names[k % names.length], phone: k < 5 ? demoCitizenPhone : `1380000010${k}` },
          form: demoAnswers(item.formFields as FormField[], rand),
          fileIds: {},
        },
        { channel: 'counter' },
      );
      for (const to of path) {
        await advanceServiceRequest(tx, ctx, row.id, {
          to: to as never,
          note:
            to === 'returned'
              ? '请补充捐赠编号'
              : to === 'refused'
                ? '不属于本会受理范围'
                : to === 'rejected'
                  ? '查无此捐赠记录'
                  : undefined,
        });
      }
    });
  }
  return true;
}
