// First-aid training (救护培训): the catalogue (courses with their syllabus, lessons, exam blueprint and skill
// checklist; training bases; trainers and examiners with their qualifications; the question bank) as reference
// tables, and the per-unit work (classes, enrolments, attendance, study progress, exam attempts and answers,
// practical scores, certificates, awareness sessions) as large tables carrying region_id (see db/large-tables.ts):
// the class's or certificate's issuing unit's region.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { importTable } from '../../platform/imports/import-table';

/**
 * 课程: a kind of training (awareness | first_aider | recert | instructor) with its syllabus units, hours, the
 * theory-exam blueprint, the practical checklist, pass marks and the certificate it leads to. Seeded for every
 * install; edited by training:manage at the owning unit (a province's courses are used by its whole tree).
 */
export const trainingCourses = pgTable(
  'training_courses',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    /** awareness | first_aider | recert | instructor */
    kind: text('kind').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    description: text('description').notNull().default(''),
    orgId: integer('org_id').notNull(),
    /** Class hours (学时) in total, online and offline. */
    onlineHours: integer('online_hours').notNull(),
    offlineHours: integer('offline_hours').notNull(),
    /** SyllabusUnit[]: [{ code, nameZh, nameEn }] (cpr, aed, choking, trauma …). */
    units: jsonb('units').notNull(),
    /** BlueprintRow[]: [{ unitCode | null, questionKind, count, points }] — what each theory paper draws. */
    blueprint: jsonb('blueprint').notNull(),
    theoryMinutes: integer('theory_minutes').notNull(),
    /** Percent of the paper's points. */
    theoryPassPercent: integer('theory_pass_percent').notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    /** ChecklistItem[]: [{ key, unitCode, nameZh, nameEn, maxScore, isCritical }] — a critical item scored 0 fails. */
    checklist: jsonb('checklist').notNull(),
    practicalPassPercent: integer('practical_pass_percent').notNull(),
    hasTheoryExam: boolean('has_theory_exam').notNull(),
    hasPracticalExam: boolean('has_practical_exam').notNull(),
    /** Years a certificate stays valid; null: no certificate (普及培训 is counted per attendee). */
    certificateYears: integer('certificate_years'),
    /** The certificate title printed on the PDF (救护员证). */
    certificateTitle: text('certificate_title'),
    isActive: boolean('is_active').notNull().default(true),
    updatedBy: text('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_courses_code_key').on(t.code),
    check(
      'training_courses_pass_range',
      sql`${t.theoryPassPercent} BETWEEN 1 AND 100 AND ${t.practicalPassPercent} BETWEEN 1 AND 100`,
    ),
    check('training_courses_attempts_positive', sql`${t.maxAttempts} > 0 AND ${t.theoryMinutes} > 0`),
  ],
);

/** 课时/课件: one lesson of a course's syllabus unit, studied online (rich text, images, video by URL) or held offline. */
export const trainingLessons = pgTable(
  'training_lessons',
  {
    id: uuid('id').primaryKey(),
    courseId: integer('course_id').notNull(),
    unitCode: text('unit_code').notNull(),
    /** online | offline */
    mode: text('mode').notNull(),
    title: text('title').notNull(),
    /** Sanitised HTML (online lessons). */
    body: text('body').notNull().default(''),
    videoUrl: text('video_url'),
    /** Stored file ids of the lesson's images. */
    imageFileIds: jsonb('image_file_ids').notNull().default([]),
    /** The least study time before the lesson counts as finished. */
    minMinutes: integer('min_minutes').notNull().default(0),
    isRequired: boolean('is_required').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    updatedBy: text('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_lessons_course_idx').on(t.courseId, t.sortOrder)],
);

/** 培训基地: where classes are held. */
export const trainingBases = pgTable(
  'training_bases',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Trainees per class the base can seat. */
    capacity: integer('capacity').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** Manikins, AED trainers … as free text lines. */
    equipment: jsonb('equipment').notNull().default([]),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_bases_org_idx').on(t.orgId)],
);

/** 师资: a trainer or examiner — a person, optionally with a staff account (needed to score practical exams). */
export const trainingInstructors = pgTable(
  'training_instructors',
  {
    id: uuid('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    personRegionId: integer('person_region_id').notNull(),
    name: text('name').notNull(),
    phoneMasked: text('phone_masked'),
    /** The staff account that acts as this instructor (the examiner signs in with it). */
    userId: uuid('user_id'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_instructors_person_key').on(t.personRegionId, t.personId),
    uniqueIndex('training_instructors_user_key').on(t.userId).where(sql`${t.userId} is not null`),
    index('training_instructors_org_idx').on(t.orgId),
  ],
);

/** An instructor's qualification (trainer / examiner, grade) with its own expiry. */
export const trainingQualifications = pgTable(
  'training_qualifications',
  {
    id: uuid('id').primaryKey(),
    instructorId: uuid('instructor_id').notNull(),
    /** trainer | examiner */
    kind: text('kind').notNull(),
    /** 师资 grade: junior | intermediate | senior (free text allowed for local schemes). */
    grade: text('grade').notNull(),
    certificateNo: text('certificate_no'),
    issuedOn: date('issued_on').notNull(),
    validUntil: date('valid_until').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_qualifications_instructor_idx').on(t.instructorId, t.kind, t.validUntil)],
);

/**
 * 题库: single | multiple | judge (true/false) questions tagged with a syllabus unit code. A reference table shared
 * by every course that uses the unit. content_hash (normalised stem + options) refuses duplicates.
 */
export const trainingQuestions = pgTable(
  'training_questions',
  {
    id: uuid('id').primaryKey(),
    unitCode: text('unit_code').notNull(),
    /** single | multiple | judge */
    kind: text('kind').notNull(),
    stem: text('stem').notNull(),
    /** [{ key: 'A', text }] — judge questions have [{ key: 'T', … }, { key: 'F', … }]. */
    options: jsonb('options').notNull(),
    /** The correct option keys, sorted. */
    answer: jsonb('answer').notNull(),
    explanation: text('explanation').notNull().default(''),
    tags: jsonb('tags').notNull().default([]),
    contentHash: text('content_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_questions_hash_key').on(t.contentHash),
    index('training_questions_draw_idx').on(t.unitCode, t.kind).where(sql`${t.isActive}`),
  ],
);

/**
 * 培训班: one class of a course, at a base or on site, with capacity and an enrolment window. An order-based class
 * (订单式培训) names the ordering organisation and is enrolled from its roster. public_token is the class QR code's key.
 */
export const trainingClasses = pgTable(
  'training_classes',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    classNo: text('class_no').notNull(),
    courseId: integer('course_id').notNull(),
    orgId: integer('org_id').notNull(),
    title: text('title').notNull(),
    /** open (public enrolment) | order (订单式, for one organisation) */
    kind: text('kind').notNull(),
    orderOrgName: text('order_org_name'),
    orderContactName: text('order_contact_name'),
    orderContactPhoneMasked: text('order_contact_phone_masked'),
    baseId: integer('base_id'),
    siteAddress: text('site_address'),
    capacity: integer('capacity').notNull(),
    /** draft | open | closed (enrolment closed) | finished | cancelled */
    status: text('status').notNull(),
    enrolClosesAt: timestamp('enrol_closes_at', { withTimezone: true }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** The theory exam's window; null: open once the learner finished the required lessons. */
    theoryOpensAt: timestamp('theory_opens_at', { withTimezone: true }),
    theoryClosesAt: timestamp('theory_closes_at', { withTimezone: true }),
    publicToken: text('public_token').notNull(),
    enrolledCount: integer('enrolled_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_classes_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_classes_no_key').on(t.regionId, t.classNo),
    uniqueIndex('training_classes_token_key').on(t.regionId, t.publicToken),
    index('training_classes_id_idx').on(t.id),
    index('training_classes_token_idx').on(t.publicToken),
    index('training_classes_org_idx').on(t.orgId, t.startsOn),
    check('training_classes_capacity_positive', sql`${t.capacity} > 0`),
    check('training_classes_counts', sql`${t.enrolledCount} >= 0 AND ${t.enrolledCount} <= ${t.capacity}`),
  ],
);

/** A class's trainers and examiners (培考分离: the service refuses an examiner who is also the class's trainer). */
export const trainingClassStaff = pgTable(
  'training_class_staff',
  {
    regionId: integer('region_id').notNull(),
    classId: uuid('class_id').notNull(),
    instructorId: uuid('instructor_id').notNull(),
    /** trainer | examiner */
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_class_staff_pkey', columns: [t.regionId, t.classId, t.instructorId, t.role] }),
    index('training_class_staff_instructor_idx').on(t.instructorId),
  ],
);

/** A class session (课次) learners check in to by scanning its QR code. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    classId: uuid('class_id').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    checkinToken: text('checkin_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_sessions_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_sessions_seq_key').on(t.regionId, t.classId, t.seq),
    index('training_sessions_token_idx').on(t.checkinToken),
  ],
);

/**
 * 报名: one person in one class. status: enrolled | waitlisted | cancelled | completed (passed everything) | failed.
 * Theory and practical outcomes are denormalised here for the class roster and statistics.
 */
export const trainingEnrolments = pgTable(
  'training_enrolments',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    classId: uuid('class_id').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    personRegionId: integer('person_region_id').notNull(),
    name: text('name').notNull(),
    phoneHash: text('phone_hash').notNull(),
    /** The learner's phone, encrypted (pii().encrypt): where class messages (cancelled, promoted from the waitlist) go. */
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked').notNull(),
    idNumberMasked: text('id_number_masked'),
    /** The learner's employer / school (order-based rosters). */
    workplace: text('workplace'),
    status: text('status').notNull(),
    /** Order on the waitlist (enrolled_at of the waitlisted row); promoted first-come first-served. */
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    /** staff | excel | qr | hall | roster */
    source: text('source').notNull(),
    publicAccountId: uuid('public_account_id'),
    serviceRequestId: text('service_request_id'),
    /** pending | passed | failed */
    theoryResult: text('theory_result').notNull().default('pending'),
    theoryScore: integer('theory_score'),
    practicalResult: text('practical_result').notNull().default('pending'),
    practicalScore: integer('practical_score'),
    lessonsDoneAt: timestamp('lessons_done_at', { withTimezone: true }),
    certificateId: uuid('certificate_id'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_enrolments_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_enrolments_person_key').on(t.regionId, t.classId, t.personRegionId, t.personId),
    index('training_enrolments_id_idx').on(t.id),
    index('training_enrolments_class_idx').on(t.classId, t.status, t.enrolledAt),
    index('training_enrolments_phone_idx').on(t.phoneHash),
    index('training_enrolments_waitlist_idx').on(t.classId, t.waitlistedAt).where(sql`${t.status} = 'waitlisted'`),
  ],
);

/** 签到: a learner present at a session (QR self check-in or marked by staff). */
export const trainingAttendance = pgTable(
  'training_attendance',
  {
    regionId: integer('region_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    /** qr | staff */
    method: text('method').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    primaryKey({ name: 'training_attendance_pkey', columns: [t.regionId, t.sessionId, t.enrolmentId] }),
    index('training_attendance_enrolment_idx').on(t.enrolmentId),
  ],
);

/** Study progress of one enrolment in one online lesson. */
export const trainingLessonProgress = pgTable(
  'training_lesson_progress',
  {
    regionId: integer('region_id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    /** Seconds of study the server has counted (heartbeats, capped per beat). */
    secondsSpent: integer('seconds_spent').notNull().default(0),
    lastBeatAt: timestamp('last_beat_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ name: 'training_lesson_progress_pkey', columns: [t.regionId, t.enrolmentId, t.lessonId] })],
);

/**
 * 在线考试: one attempt of one enrolment. The paper (question ids, option order, points) is drawn from the course's
 * blueprint when the attempt starts; deadline_at is the server's clock. At most one attempt in progress per
 * enrolment (partial unique index). status: in_progress | submitted (by the learner) | expired (closed by the clock).
 */
export const trainingExamAttempts = pgTable(
  'training_exam_attempts',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    classId: uuid('class_id').notNull(),
    personId: uuid('person_id').notNull(),
    attemptNo: integer('attempt_no').notNull(),
    status: text('status').notNull(),
    /** PaperQuestion[]: [{ questionId, kind, optionOrder: string[], points }]. */
    paper: jsonb('paper').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    score: integer('score'),
    maxScore: integer('max_score').notNull(),
    isPassed: boolean('is_passed'),
    /** A random id the learner's browser keeps (localStorage): two people from one device are flagged. */
    deviceId: text('device_id'),
    ip: text('ip'),
    /** ExamFlag[]: [{ code: 'shared_device' | 'too_fast' | …, detail }] */
    flags: jsonb('flags').notNull().default([]),
    /** none | pending | cleared | voided */
    review: text('review').notNull().default('none'),
    reviewedBy: text('reviewed_by'),
    reviewNote: text('review_note'),
    answerSaves: integer('answer_saves').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'training_exam_attempts_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_exam_attempts_no_key').on(t.regionId, t.enrolmentId, t.attemptNo),
    uniqueIndex('training_exam_attempts_open_key')
      .on(t.regionId, t.enrolmentId)
      .where(sql`${t.status} = 'in_progress'`),
    index('training_exam_attempts_id_idx').on(t.id),
    index('training_exam_attempts_class_idx').on(t.classId, t.startedAt),
    index('training_exam_attempts_device_idx').on(t.deviceId).where(sql`${t.deviceId} is not null`),
    index('training_exam_attempts_review_idx').on(t.review).where(sql`${t.review} = 'pending'`),
    index('training_exam_attempts_deadline_idx').on(t.deadlineAt).where(sql`${t.status} = 'in_progress'`),
  ],
);

/** The learner's current answer to one question of their paper (saved as they go; client_seq orders the saves). */
export const trainingExamAnswers = pgTable(
  'training_exam_answers',
  {
    regionId: integer('region_id').notNull(),
    attemptId: uuid('attempt_id').notNull(),
    questionId: uuid('question_id').notNull(),
    /** Chosen option keys, sorted. */
    answer: jsonb('answer').notNull(),
    clientSeq: integer('client_seq').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
    isCorrect: boolean('is_correct'),
  },
  (t) => [primaryKey({ name: 'training_exam_answers_pkey', columns: [t.regionId, t.attemptId, t.questionId] })],
);

/**
 * 实操考核: an examiner's scores for one learner. Rows are versions: a signed row is final; a change after signing
 * is a new row (amendment_pending) that a second authorised user approves, which supersedes the old one.
 * status: draft | signed | amendment_pending | superseded | rejected
 */
export const trainingPracticalScores = pgTable(
  'training_practical_scores',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    classId: uuid('class_id').notNull(),
    examinerId: uuid('examiner_id').notNull(),
    /** [{ key, score, note }] against the course checklist. */
    items: jsonb('items').notNull(),
    total: integer('total').notNull(),
    maxTotal: integer('max_total').notNull(),
    isPassed: boolean('is_passed').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    signedBy: text('signed_by'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** The signed version this amendment would replace. */
    amendsId: uuid('amends_id'),
    amendReason: text('amend_reason'),
    amendedBy: text('amended_by'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_practical_scores_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_practical_scores_version_key').on(t.regionId, t.enrolmentId, t.version),
    index('training_practical_scores_id_idx').on(t.id),
    index('training_practical_scores_class_idx').on(t.classId, t.status),
    index('training_practical_scores_pending_idx').on(t.status).where(sql`${t.status} = 'amendment_pending'`),
  ],
);

/**
 * 证书 (救护员证 and others): number series per issuing unit and year. status: valid | revoked (expired is computed
 * from valid_until). source: exam | recert | import. verify_code is the QR code's secret part: the public page
 * answers a number alone with as little as a number-and-code link.
 */
export const trainingCertificates = pgTable(
  'training_certificates',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    certNo: text('cert_no').notNull(),
    orgId: integer('org_id').notNull(),
    courseId: integer('course_id').notNull(),
    /** first_aider | instructor … (the course kind, recert certificates carry the kind they renew) */
    kind: text('kind').notNull(),
    personId: uuid('person_id').notNull(),
    personRegionId: integer('person_region_id').notNull(),
    holderName: text('holder_name').notNull(),
    holderNameMasked: text('holder_name_masked').notNull(),
    idNumberMasked: text('id_number_masked'),
    phoneHash: text('phone_hash'),
    classId: uuid('class_id'),
    enrolmentId: uuid('enrolment_id'),
    issuedOn: date('issued_on').notNull(),
    validUntil: date('valid_until').notNull(),
    status: text('status').notNull(),
    source: text('source').notNull(),
    verifyCode: text('verify_code').notNull(),
    photoFileId: uuid('photo_file_id'),
    /** The certificate this one renewed (复训). */
    renewsId: uuid('renews_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
    /** misconduct | fraud | result_amended | issued_in_error | other — the only part the public page shows. */
    revokeCategory: text('revoke_category'),
    reminded90At: timestamp('reminded_90_at', { withTimezone: true }),
    reminded30At: timestamp('reminded_30_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_certificates_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('training_certificates_no_key').on(t.regionId, t.certNo),
    index('training_certificates_id_idx').on(t.id),
    index('training_certificates_no_idx').on(t.certNo),
    index('training_certificates_person_idx').on(t.personId, t.kind, t.validUntil),
    index('training_certificates_phone_idx').on(t.phoneHash).where(sql`${t.phoneHash} is not null`),
    index('training_certificates_org_idx').on(t.orgId, t.issuedOn),
    index('training_certificates_expiry_idx').on(t.validUntil).where(sql`${t.status} = 'valid'`),
  ],
);

/** The next certificate number per issuing unit and year (row-locked while a number is taken). */
export const trainingCertCounters = pgTable(
  'training_cert_counters',
  {
    orgId: integer('org_id').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ name: 'training_cert_counters_pkey', columns: [t.orgId, t.year] })],
);

/** 普及培训: an awareness session in a school, village or enterprise, counted per attendee (no certificate). */
export const trainingAwarenessSessions = pgTable(
  'training_awareness_sessions',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    courseId: integer('course_id'),
    heldOn: date('held_on').notNull(),
    /** school | village | community | enterprise | public_place | other */
    venueKind: text('venue_kind').notNull(),
    venue: text('venue').notNull(),
    topic: text('topic').notNull(),
    attendees: integer('attendees').notNull(),
    hours: smallint('hours').notNull(),
    instructorId: uuid('instructor_id'),
    trainerName: text('trainer_name'),
    /** Stored file ids (photos, sign-in sheets). */
    evidenceFileIds: jsonb('evidence_file_ids').notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'training_awareness_sessions_pkey', columns: [t.regionId, t.id] }),
    index('training_awareness_sessions_org_idx').on(t.orgId, t.heldOn),
    check('training_awareness_sessions_attendees_positive', sql`${t.attendees} > 0`),
  ],
);

/** Historical certificates imported from Excel (the import's progress and per-row errors). */
export const trainingCertImports = importTable('training_cert_imports');

/** Excel enrolment lists of a class (staff lists and order-class rosters): progress and per-row errors. */
export const trainingEnrolImports = importTable('training_enrol_imports');
