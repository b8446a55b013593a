// Browser journey of first-aid training against a real server with demo data. The training administrator (peixun)
// creates a first-aider class in the console and opens it; a learner on a phone (390×844) opens the class QR page,
// signs in by SMS code, enrols, studies the online lessons and passes the online theory exam; a different user, the
// examiner (kaoguan, not a trainer of the class: 培考分离), scores the practical exam on a tablet-sized page and
// signs it; the learner gets the 救护员证 at once, downloads its PDF (Chinese text checked) and verifies it on the
// public page that its QR code opens, which shows the holder's masked name; an unknown number is refused.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasPoppler, pdfText, squeeze } from '../server/src/platform/documents/pdf-inspect';
import { maskName } from '../server/src/platform/identity/masking';
import { e2eExamSecondsPerQuestion } from './global-setup';
import {
  horizontalOverflow,
  idNumberFor,
  launchBrowser,
  pickOption,
  runPhone,
  signInPublic,
  staffApi,
  staffPage,
  timeout,
} from './support';

const baseUrl = inject('baseUrl');
const tag = String(Date.now() % 1_000_000).padStart(6, '0');
const learner = { name: '诸葛安宁', id: idNumberFor('19950412', Number(tag.slice(-3))), phone: runPhone('137') };
const classTitle = `e2e救护员培训班${tag}`;
const stepTimeout = 600_000;

type Question = {
  id: string;
  kind: 'single' | 'multiple' | 'judge';
  stem: string;
  options: { key: string; text: string }[];
  answer: string[];
};

let close: () => Promise<void>;
let browser: Browser;
let admin: APIRequestContext;
let trainer: Page;
let phone: BrowserContext;
let citizen: Page;
const contexts: BrowserContext[] = [];
let bank: Question[] = [];
let classId = '';
let publicUrl = '';
let enrolmentId = '';

/** The whole active question bank (with answers: the administrator's view), to answer the exam as a learner who knows. */
async function loadBank(): Promise<Question[]> {
  const all: Question[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await (await admin.get('/api/training/questions', { params: { limit: 200, offset } })).json();
    all.push(...page.items);
    if (page.items.length < 200) {
      return all;
    }
  }
}

beforeAll(async () => {
  admin = await staffApi(baseUrl);
  // The demo's online lessons ask for 1–3 minutes each; the journey makes them count at once (the rule is tested in
  // training-exams.http.test.ts).
  const courses = await (await admin.get('/api/training/courses')).json();
  const firstAider = courses.find((c: { code: string }) => c.code === 'first-aider');
  for (const lesson of await (await admin.get(`/api/training/courses/${firstAider.id}/lessons`)).json()) {
    if (lesson.mode === 'online' && lesson.minMinutes > 0) {
      const { id: _id, courseId: _c, sortOrder: _s, isActive: _a, ...fields } = lesson;
      const res = await admin.patch(`/api/training/lessons/${lesson.id}`, { data: { ...fields, minMinutes: 0 } });
      expect(res.status(), await res.text()).toBe(200);
    }
  }
  bank = await loadBank();
  expect(bank.length).toBeGreaterThan(100);

  ({ browser, close } = await launchBrowser());
  const t = await staffPage(browser, baseUrl, 'peixun');
  trainer = t.page;
  contexts.push(t.context);
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', baseURL: baseUrl });
  contexts.push(phone);
  citizen = await phone.newPage();
  citizen.setDefaultTimeout(timeout);
  citizen.setDefaultNavigationTimeout(timeout);
}, stepTimeout);

afterAll(async () => {
  for (const c of contexts) {
    await c.close();
  }
  await close?.();
  await admin?.dispose();
});

describe('first-aid training, from a new class to a certificate anyone can verify', () => {
  it(
    'the training administrator creates a class in the console, names its trainer and examiner, and opens it',
    async () => {
      await trainer.goto('/console/training-classes');
      await trainer.getByTestId('new-class').click();
      const form = trainer.getByTestId('new-class-form');
      await pickOption(
        trainer,
        form.locator('.ant-form-item').nth(0).locator('.ant-select'),
        '救护员培训(救护员培训)',
        {
          partial: true,
        },
      );
      await form.locator('#title').fill(classTitle);
      await pickOption(
        trainer,
        form.locator('.ant-form-item').filter({ hasText: '培训基地' }).locator('.ant-select'),
        '应急救护培训基地',
        {
          partial: true,
        },
      );
      const day = (offset: number) =>
        new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
      await form.locator('#startsOn').fill(day(0));
      await form.locator('#endsOn').fill(day(7));
      await trainer.locator('.ant-modal-footer .ant-btn-primary').click();
      await trainer.getByTestId('class-detail').waitFor();

      const classes = await (await trainer.request.get('/api/training/classes', { params: { q: classTitle } })).json();
      classId = classes.items.find((c: { title: string }) => c.title === classTitle).id;
      // The demo's trainer is peixun's own instructor record; the examiner is kaoguan's.
      const instructors = await (await trainer.request.get('/api/training/instructors')).json();
      const byUser = (u: string) => instructors.find((i: { username: string | null }) => i.username === u);
      for (const [who, role] of [
        ['peixun', 'trainer'],
        ['kaoguan', 'examiner'],
      ] as const) {
        const res = await trainer.request.post(`/api/training/classes/${classId}/staff`, {
          data: { instructorId: byUser(who).id, role },
        });
        expect(res.status(), await res.text()).toBeLessThan(300);
      }
      // 培考分离: the class's trainer cannot also examine it.
      const both = await trainer.request.post(`/api/training/classes/${classId}/staff`, {
        data: { instructorId: byUser('peixun').id, role: 'examiner' },
      });
      expect(both.status()).toBe(409);
      expect((await both.json()).error.code).toBe('EXAMINER_IS_TRAINER');

      await trainer.getByTestId('open-class').click();
      await expect
        .poll(async () => (await (await trainer.request.get(`/api/training/classes/${classId}`)).json()).status, {
          timeout,
        })
        .toBe('open');
      publicUrl = (await (await trainer.request.get(`/api/training/classes/${classId}`)).json()).publicUrl;
      expect(publicUrl).toMatch(/\/training\/classes\/[^/]+$/);
    },
    stepTimeout,
  );

  it(
    'a learner opens the class QR page on a phone, signs in by SMS code and enrols',
    async () => {
      const path = new URL(publicUrl, baseUrl).pathname;
      await citizen.goto(path);
      await citizen.getByTestId('class-page').waitFor();
      await expect(citizen.getByTestId('class-page').textContent()).resolves.toContain(classTitle);
      await citizen.getByTestId('sign-in-to-enrol').waitFor();
      await signInPublic(citizen, admin, learner.phone);
      await citizen.goto(path);
      const form = citizen.getByTestId('enrol-form');
      await form.getByLabel('姓名').fill(learner.name);
      await form.getByLabel('身份证号').fill(learner.id);
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
      await citizen.getByTestId('enrol-submit').click();
      await citizen.getByTestId('start-study').click();
      await citizen.waitForURL(/\/training\/study\//);
      enrolmentId = citizen.url().split('/training/study/')[1].split(/[/?#]/)[0];
      expect(enrolmentId).toMatch(/^[0-9a-f-]{36}$/);
    },
    stepTimeout,
  );

  it(
    'studies every required online lesson, which opens the theory exam',
    async () => {
      await citizen.getByTestId('study-page').waitFor();
      const lessons = citizen.getByTestId('study-lesson');
      const count = await lessons.count();
      expect(count).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < count; i++) {
        await citizen.goto(`/training/study/${enrolmentId}`);
        await citizen.getByTestId('study-lesson').nth(i).click();
        await citizen.getByTestId('lesson-page').waitFor();
        await expect.poll(() => citizen.getByTestId('lesson-page').textContent(), { timeout }).toContain('本课已完成');
      }
      await citizen.goto(`/training/study/${enrolmentId}`);
      await citizen.getByTestId('study-to-exam').click();
      await citizen.waitForURL(/\/training\/exam\//);
    },
    stepTimeout,
  );

  it(
    'passes the online theory exam on the phone, one question a screen, saved as it goes',
    async () => {
      await citizen.getByTestId('exam-start').click();
      await citizen.getByTestId('exam-runner').waitFor();
      const started = Date.now();
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
      let answered = 0;
      for (;;) {
        const card = citizen.getByTestId('exam-question');
        const text = squeeze((await card.textContent()) ?? '');
        const question = bank
          .filter((q) => text.includes(squeeze(q.stem)))
          .sort((a, b) => b.stem.length - a.stem.length)[0];
        expect(question, text).toBeDefined();
        const options = card.getByTestId('exam-option');
        for (let i = 0; i < (await options.count()); i++) {
          const option = options.nth(i);
          const label = squeeze((await option.textContent()) ?? '');
          const right =
            question.kind === 'judge'
              ? (label.includes('✓') && question.answer.includes('T')) ||
                (label.includes('✗') && question.answer.includes('F'))
              : question.options.some((o) => question.answer.includes(o.key) && label.endsWith(squeeze(o.text)));
          if (right) {
            await option.click();
          }
        }
        answered++;
        // A learner reads before moving on; the saving indicator settles after each choice.
        await expect
          .poll(() => citizen.getByTestId('exam-save-state').textContent(), { timeout })
          .not.toMatch(/保存中/);
        if ((await citizen.getByTestId('exam-next').count()) === 0) {
          break;
        }
        await citizen.getByTestId('exam-next').click();
      }
      expect(answered).toBeGreaterThanOrEqual(20);
      // Faster than the configured pace (the journeys' server: e2eExamSecondsPerQuestion) is flagged: take the time.
      const least = answered * (e2eExamSecondsPerQuestion + 0.5) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, started + least - Date.now())));
      await citizen.getByTestId('exam-submit').click();
      await citizen.getByTestId('exam-confirm').waitFor();
      await citizen.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
      await citizen.getByTestId('exam-result').waitFor();
      await expect(citizen.getByTestId('exam-result').textContent()).resolves.toMatch(/通过|合格/);
      // After submission each question shows its right answer and explanation.
      expect(await citizen.getByTestId('exam-result-question').count()).toBe(answered);
    },
    stepTimeout,
  );

  it(
    'a different user, the examiner, scores the practical exam on a tablet and signs it',
    async () => {
      const { page: examiner, context } = await staffPage(browser, baseUrl, 'kaoguan', {
        viewport: { width: 1024, height: 768 },
      });
      contexts.push(context);
      const cls = await (await trainer.request.get(`/api/training/classes/${classId}`)).json();
      await examiner.goto('/console/training-practical');
      await examiner.getByTestId(`open-class-${cls.classNo}`).click();
      await examiner.getByTestId(`score-${learner.name}`).click();
      const sheet = examiner.getByTestId('practical-sheet');
      await sheet.waitFor();
      const items = sheet.locator('[data-testid^="item-"]');
      for (let i = 0; i < (await items.count()); i++) {
        await items
          .nth(i)
          .getByRole('button', { name: /^满\s?分$/ })
          .click();
      }
      await expect(examiner.getByTestId('practical-total').textContent()).resolves.toContain('100');
      await examiner.getByTestId('practical-sign').click();
      await examiner.locator('.ant-modal-footer .ant-btn-primary').click();
      await expect
        .poll(
          async () =>
            (await (await examiner.request.get(`/api/training/practical/enrolments/${enrolmentId}`)).json()).current
              ?.status,
          { timeout },
        )
        .toBe('signed');
    },
    stepTimeout,
  );

  it(
    'the learner has the certificate at once: the PDF in Chinese, and the public page its QR code opens',
    async () => {
      await citizen.goto('/training/mine');
      await citizen.getByTestId('my-certificate-link').first().click();
      await citizen.getByTestId('my-certificate-page').waitFor();
      expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
      const certificateId = citizen.url().split('/training/certificates/')[1].split(/[/?#]/)[0];
      const cert = await (await citizen.request.get(`/api/me/training-certificates/${certificateId}`)).json();
      expect(cert.status).toBe('valid');

      // The download button links to the holder's PDF route; fetch it as the browser would.
      const href = await citizen.getByTestId('my-certificate-pdf').getAttribute('href');
      expect(href).toBe(`/api/me/training-certificates/${certificateId}/pdf`);
      const res = await citizen.request.get(href!);
      expect(res.headers()['content-type']).toContain('application/pdf');
      const pdf = Buffer.from(await res.body());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (hasPoppler) {
        const text = squeeze(pdfText(pdf));
        expect(text).toContain('救护员证');
        expect(text).toContain(cert.certNo);
        expect(text).toContain(learner.name);
        // A valid certificate carries no 已过期 / 已撤销 stamp.
        expect(text).not.toMatch(/已过期|已撤销/);
      }

      // The verification page the QR code opens: valid, with the masked name only.
      const verify = new URL(cert.verifyUrl, baseUrl);
      await citizen.goto(verify.pathname + verify.search);
      await citizen.getByTestId('verify-result').waitFor();
      await expect(citizen.getByTestId('verify-verdict').textContent()).resolves.toContain('有效');
      const holder = (await citizen.getByTestId('verify-holder').textContent()) ?? '';
      expect(holder).toContain(maskName(learner.name));
      expect(holder).not.toContain(learner.name);

      // A number that does not exist: said plainly, nothing else shown.
      await citizen.goto('/certificates/verify');
      await citizen.getByTestId('verify-number').fill('JH330681-2026-999999');
      await citizen.getByTestId('verify-submit').click();
      await expect
        .poll(() => citizen.getByTestId('certificate-verify-page').textContent(), { timeout })
        .toContain('未查询到');
    },
    stepTimeout,
  );
});
