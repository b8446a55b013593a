// Demo data for 救在身边 in 诸暨市: three certified responders who opted in (sign in on /respond with their phone; the
// code is on the console page 消息发件箱): 13900000001 on call near the city centre (the fix goes stale after the
// retention time, as it should), 13900000002 and 13900000003 off call; the 120 centre's dispatch key; and one ended
// emergency three days ago on the 浦阳江 greenway at 西施公园 (a morning jogger): alerts, one responder to the patient,
// one fetching the 24-hour AED at the greenway station, one who declined, arrivals, the outcome (ROSC after one
// shock), the follow-ups with one answer. Everything goes through the module's own service functions; the timestamps
// of that emergency are then moved back to when it happened. Runs once (nothing when responders exist).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import * as auth from '../../platform/auth/auth.repo';
import { toChinaDate } from '../../platform/dates';
import { type LatLng, offsetPoint } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { systemActor } from '../../platform/rbac/actor';
import { confirmPads } from '../aed/aed-upkeep';
import * as orgs from '../orgs/orgs.service';
import { findOrRegisterPerson } from '../people/people.service';
import { addDays, formatCertNo, newVerifyCode, seriesOf, validityOf } from '../training/training-certificates';
import * as certs from '../training/training-certificates.repo';
import * as repo from './response.repo';
import type { FollowupAnswers } from './response.schemas';
import {
  answerFollowup,
  authenticateDispatchKey,
  createDispatchKey,
  dispatchCtx,
  sendFollowups,
} from './response-admin';
import { consent } from './response-consent';
import { acceptAlert, arrive, declineAlert, endEmergency, raiseByDispatch } from './response-emergencies';
import { enrol, goOffCall, goOnCall, updatePrefs } from './response-responders';

/** The demo responders' phones (public sign-in). */
export const responseDemoPhones = ['13900000001', '13900000002', '13900000003'] as const;

const seedCtx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

/** Where it happened: the 浦阳江 east-bank greenway at 西施公园, ~200 m from the greenway station's 24-hour AED. */
const patient: LatLng = { lat: 29.7066, lng: 120.2462 };
/** The AED cabinet at the greenway station (aed-demo.ts); a fetcher stands beyond it, so it lies on their way. */
const greenwayAed: LatLng = { lat: 29.70803, lng: 120.24502 };
const cityCentre: LatLng = { lat: 29.7146, lng: 120.2431 };

type DemoResponder = {
  phone: string;
  name: string;
  birth: string;
  seq: string;
  issuedDaysAgo: number;
  /** Where they were when the emergency was raised. */
  at: LatLng;
  maxDistanceM: 1000 | 2000 | 3000;
};

const responders: DemoResponder[] = [
  {
    // 暨阳街道社区卫生服务中心 nurse, east of the greenway: first to accept, goes to the patient.
    phone: responseDemoPhones[0],
    name: '楼佳颖',
    birth: '19920416',
    seq: '028',
    issuedDaysAgo: 420,
    at: offsetPoint(patient, 255, 100),
    maxDistanceM: 2000,
  },
  {
    // A teacher on his way to 浣纱小学, north-west of the AED: sent to fetch it.
    phone: responseDemoPhones[1],
    name: '宣志刚',
    birth: '19850923',
    seq: '015',
    issuedDaysAgo: 760,
    at: {
      lat: greenwayAed.lat + 1.2 * (greenwayAed.lat - patient.lat),
      lng: greenwayAed.lng + 1.2 * (greenwayAed.lng - patient.lng),
    },
    maxDistanceM: 1000,
  },
  {
    // Driving through 浣东街道: declines.
    phone: responseDemoPhones[2],
    name: '郦文涛',
    birth: '19790105',
    seq: '037',
    issuedDaysAgo: 200,
    at: offsetPoint(patient, 760, 40),
    maxDistanceM: 3000,
  },
];

const idNumberOf = (birth: string, seq: string) => {
  const first17 = `330681${birth}${seq}`;
  return first17 + computeCheckCharacter(first17);
};

/** A historical first-aider certificate of 诸暨市 on the person's phone, numbered in the unit's series. */
async function issueDemoCertificate(db: Db, org: orgs.OrgRow, r: DemoResponder) {
  const course = await certs.findCourseByCode(db, 'first-aider');
  if (!course?.certificateYears) {
    return null;
  }
  return db.transaction(async (tx) => {
    const { person } = await findOrRegisterPerson(tx, seedCtx, {
      orgId: org.id,
      name: r.name,
      idNumber: idNumberOf(r.birth, r.seq),
      phone: r.phone,
    });
    const issuedOn = addDays(toChinaDate(), -r.issuedDaysAgo);
    const year = Number(issuedOn.slice(0, 4));
    const series = await seriesOf(tx, org.id);
    const seq = await certs.takeCertSeq(tx, series.orgId, year);
    const cert = await certs.insertCertificate(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      certNo: formatCertNo(series.prefix, year, seq),
      orgId: org.id,
      courseId: course.id,
      kind: 'first_aider',
      personId: person.id,
      personRegionId: person.regionId,
      holderName: r.name,
      holderNameMasked: maskName(r.name),
      idNumberMasked: person.idNumberMasked,
      phoneHash: person.phoneHash,
      issuedOn,
      validUntil: validityOf(issuedOn, course.certificateYears!, undefined),
      status: 'valid',
      source: 'import',
      verifyCode: newVerifyCode(),
      createdBy: 'system:seed',
    });
    await recordAudit(tx, seedCtx, {
      action: 'training_certificate.imported',
      entityType: 'training_certificate',
      entityId: cert.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { certNo: cert.certNo, issuedOn: cert.issuedOn, validUntil: cert.validUntil },
    });
    return cert;
  });
}

/** The public account a phone signs in to (as the first OTP sign-in would create it). */
async function publicAccountOf(db: Db, phone: string): Promise<Ctx> {
  const value = `+86${phone}`;
  const account = await auth.insertPublicAccount(db, {
    id: crypto.randomUUID(),
    phoneHash: pii().blindIndex('phone', value),
    phoneEnc: pii().encrypt(value),
    phoneMasked: maskPhone(value),
  });
  return {
    actor: { kind: 'public', accountId: account!.id, phoneMasked: account!.phoneMasked, sessionHash: '' },
    requestId: null,
    ip: null,
    locale: 'zh',
  };
}

/** 07:12:05 China time, `days` days ago. */
function morningOf(days: number): Date {
  return new Date(`${addDays(toChinaDate(), -days)}T07:12:05+08:00`);
}

export async function seedDemoResponse(db: Db): Promise<void> {
  const [existing] = await queryRows<{ n: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM response_responders)::int + (SELECT count(*) FROM response_emergencies)::int
          + (SELECT count(*) FROM response_dispatch_keys)::int AS n`,
  );
  if (existing.n > 0) {
    return;
  }
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return;
  }

  // The responders: certificate, account, consent, on call where they were that morning.
  const people: { r: DemoResponder; ctx: Ctx; id: string }[] = [];
  for (const r of responders) {
    if (!(await issueDemoCertificate(db, zhuji, r))) {
      return;
    }
    const ctx = await publicAccountOf(db, r.phone);
    const view = await enrol(db, ctx, {
      consentVersion: consent.version,
      prefs: { sms: true, sound: true, maxDistanceM: r.maxDistanceM },
      quietHours: null,
    });
    await goOnCall(db, ctx, { position: { ...r.at, accuracyM: 12 } });
    people.push({ r, ctx, id: view.id });
  }

  // The 120 centre's key (its secret is used once here and never shown), and its emergency.
  const key = await createDispatchKey(db, seedCtx, { name: '诸暨市120急救指挥中心', orgId: zhuji.id });
  const keyRow = await authenticateDispatchKey(db, `Bearer ${key.key}`);
  const t0 = morningOf(3);
  const centreCtx = dispatchCtx(keyRow, seedCtx);
  const { detail } = await raiseByDispatch(db, centreCtx, keyRow, {
    externalId: `120-ZJ-${toChinaDate(t0).replaceAll('-', '')}-0047`,
    lat: patient.lat,
    lng: patient.lng,
    datum: 'wgs84',
    address: '诸暨市暨阳街道浦阳江东岸绿道 西施公园南段(近绿道驿站)',
    note: '男性约60岁,晨跑时突然倒地,呼之不应、无正常呼吸,路人已开始胸外按压',
  });
  const alertOf = (i: number) => detail.responders.find((x) => x.responderId === people[i]?.id)?.alertId;
  const [first, second, third] = [alertOf(0), alertOf(1), alertOf(2)];

  // When each step happened, seconds after the raise (applied below).
  const answeredAfter = new Map<string, number>();
  const arrivedAfter = new Map<string, number>();
  let aedId: string | null = null;
  if (first) {
    await acceptAlert(db, people[0].ctx, first);
    answeredAfter.set(first, 34);
  }
  if (third) {
    await declineAlert(db, people[2].ctx, third, '正在驾车,无法及时赶到');
    answeredAfter.set(third, 51);
  }
  if (second) {
    const accepted = await acceptAlert(db, people[1].ctx, second);
    answeredAfter.set(second, 58);
    aedId = accepted.role === 'fetch_aed' ? (accepted.aed?.id ?? null) : null;
  }
  if (first) {
    await arrive(db, people[0].ctx, first);
    arrivedAfter.set(first, 3 * 60 + 12);
  }
  if (second) {
    await arrive(db, people[1].ctx, second, aedId !== null);
    arrivedAfter.set(second, 5 * 60 + 47);
  }
  const endAfter = 34 * 60;
  const emsAfter = 11 * 60 + 20;
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const emergency = (await repo.findEmergencyById(db, detail.id))!;
  await endEmergency(db, centreCtx, emergency, {
    result: 'rosc',
    bystanderCpr: true,
    aedUsed: aedId !== null,
    aedId,
    shocks: aedId !== null ? 1 : null,
    emsArrivedAt: at(emsAfter).toISOString(),
    note:
      aedId !== null
        ? '志愿者到场接替胸外按压,AED 送达后分析为可电击心律,电击 1 次后恢复自主循环;120 到场后送诸暨市人民医院'
        : '志愿者到场接替胸外按压,恢复自主循环;120 到场后送诸暨市人民医院',
  });

  // The follow-ups (the job's work, done now), and the answer of the first responder (through the link in her SMS).
  await sendFollowups(db, emergency.regionId, emergency.id);
  const followupSentAfter = endAfter + 90 * 60;
  const answeredFollowupAfter = followupSentAfter + 13 * 3600 + 25 * 60;
  if (first) {
    const [sms] = await queryRows<{ body: string }>(
      db,
      sql`SELECT body FROM outbox_messages WHERE dedupe_key = ${`response.followup:${first}`}`,
    );
    const token = /\/response\/followup\/([A-Za-z0-9_-]+)/.exec(sms?.body ?? '')?.[1];
    if (token) {
      const answers: FollowupAnswers = {
        wellbeing: 'fine',
        wantsCounselling: false,
        injured: false,
        comment: '第一次真正用上所学,当时很紧张,现在好多了。听说患者已经转入普通病房,很欣慰。',
      };
      await answerFollowup(db, people[0].ctx, token, answers);
    }
  }

  // The AED's guardian fitted new pads the next day: back in service.
  if (aedId) {
    await confirmPads(db, seedCtx, aedId, { padsExpiresOn: addDays(toChinaDate(), 2 * 365) });
  }

  // Today: the first responder on call near the city centre; the others off call (one keeps quiet hours at night).
  await goOnCall(db, people[0].ctx, { position: { ...cityCentre, accuracyM: 15 } });
  if (people[1]) {
    await updatePrefs(db, people[1].ctx, { quietHours: { from: '22:30', to: '06:30' } });
    await goOffCall(db, people[1].ctx);
  }
  if (people[2]) {
    await goOffCall(db, people[2].ctx);
  }

  await backdate(db, emergency, {
    t0,
    at,
    answeredAfter,
    arrivedAfter,
    endAfter,
    followupSentAfter,
    answeredFollowupAfter,
    keyId: keyRow.id,
    responderIds: people.map((p) => p.id),
  });
}

/**
 * Moves the demo emergency to when it happened: the raise at t0, each answer and arrival at its planned second,
 * the end, the follow-ups; the emergency number's date; when the responders opted in and the key was issued.
 */
async function backdate(
  db: Db,
  e: repo.EmergencyRow,
  p: {
    t0: Date;
    at: (seconds: number) => Date;
    answeredAfter: Map<string, number>;
    arrivedAfter: Map<string, number>;
    endAfter: number;
    followupSentAfter: number;
    answeredFollowupAfter: number;
    keyId: string;
    responderIds: string[];
  },
): Promise<void> {
  const iso = (seconds: number) => p.at(seconds).toISOString();
  const answered = (alertId: unknown) => p.answeredAfter.get(String(alertId)) ?? 0;
  const arrived = (alertId: unknown) => p.arrivedAfter.get(String(alertId)) ?? 0;
  const timeline = await repo.listTimeline(db, e.regionId, e.id);
  const whenOf = (kind: string, data: Record<string, unknown> | null): number => {
    switch (kind) {
      case 'accepted':
      case 'assigned':
      case 'declined':
        return answered(data?.alertId);
      case 'stood_down':
        return Math.max(0, ...p.answeredAfter.values());
      case 'arrived':
      case 'aed_fetched':
        return arrived(data?.alertId);
      case 'ended':
        return p.endAfter;
      case 'followup_sent':
        return p.followupSentAfter;
      case 'followup_answered':
        return p.answeredFollowupAfter;
      default:
        return 0;
    }
  };
  const number = `JZ${toChinaDate(p.t0).replaceAll('-', '')}-${e.number.split('-').pop()}`;
  const firstAnswer = Math.min(...[...p.answeredAfter.values()].filter((s) => s > 0), Number.POSITIVE_INFINITY);
  const firstArrival = Math.min(...p.arrivedAfter.values(), Number.POSITIVE_INFINITY);
  await db.transaction(async (tx) => {
    for (const item of timeline) {
      await tx.execute(
        sql`UPDATE response_timeline SET at = ${iso(whenOf(item.kind, item.data as Record<string, unknown> | null))}::timestamptz
            WHERE region_id = ${e.regionId} AND id = ${item.id}`,
      );
    }
    for (const a of await repo.listAlertsOfEmergency(tx, e.regionId, e.id)) {
      const answer = p.answeredAfter.get(a.id);
      const arrival = p.arrivedAfter.get(a.id);
      await tx.execute(
        sql`UPDATE response_alerts SET alerted_at = ${iso(0)}::timestamptz,
              sms_at = CASE WHEN sms_at IS NULL THEN NULL ELSE ${iso(1)}::timestamptz END,
              acked_at = CASE WHEN acked_at IS NULL THEN NULL ELSE ${iso(answer ?? 20)}::timestamptz END,
              answered_at = CASE WHEN answered_at IS NULL THEN NULL ELSE ${iso(answer ?? 0)}::timestamptz END,
              arrived_at = CASE WHEN arrived_at IS NULL THEN NULL ELSE ${iso(arrival ?? 0)}::timestamptz END
            WHERE region_id = ${e.regionId} AND id = ${a.id}`,
      );
    }
    await tx.execute(
      sql`UPDATE response_emergencies SET number = ${number}, raised_at = ${iso(0)}::timestamptz,
            first_accepted_at = CASE WHEN first_accepted_at IS NULL THEN NULL
              ELSE ${iso(Number.isFinite(firstAnswer) ? firstAnswer : 0)}::timestamptz END,
            first_arrived_at = CASE WHEN first_arrived_at IS NULL THEN NULL
              ELSE ${iso(Number.isFinite(firstArrival) ? firstArrival : 0)}::timestamptz END,
            ended_at = ${iso(p.endAfter)}::timestamptz
          WHERE region_id = ${e.regionId} AND id = ${e.id}`,
    );
    await tx.execute(
      sql`UPDATE response_followups SET sent_at = ${iso(p.followupSentAfter)}::timestamptz,
            answered_at = CASE WHEN answered_at IS NULL THEN NULL ELSE ${iso(p.answeredFollowupAfter)}::timestamptz END
          WHERE region_id = ${e.regionId} AND emergency_id = ${e.id}`,
    );
    await tx.execute(
      sql`UPDATE aed_usages SET used_at = ${iso(Math.max(0, ...p.arrivedAfter.values()) + 40)}::timestamptz
          WHERE emergency_id = ${e.id}`,
    );
    await tx.execute(
      sql`UPDATE response_dispatch_keys SET created_at = ${new Date(p.t0.getTime() - 41 * 86_400_000).toISOString()}::timestamptz,
            last_used_at = ${iso(0)}::timestamptz WHERE id = ${p.keyId}`,
    );
    for (const [i, id] of p.responderIds.entries()) {
      const since = new Date(p.t0.getTime() - (30 + i * 17) * 86_400_000).toISOString();
      await tx.execute(
        sql`UPDATE response_responders SET consented_at = ${since}::timestamptz, created_at = ${since}::timestamptz
            WHERE id = ${id}`,
      );
    }
  });
}
