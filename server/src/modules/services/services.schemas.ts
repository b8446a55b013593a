// The service-hall (一网通办) contract: the catalogue of categories and items, the working-day calendar, requests with
// their one lifecycle and timeline, the staff work queue and search, ratings (好差评) and statistics. The console and
// the public pages import these types.
//
// Routes (all under /api/services):
//   public:   GET catalogue · GET items/:code · GET units?parentId · GET calendar?year
//   (materials are uploaded first with POST /api/files: a citizen's own upload stays theirs until a request claims it)
//   citizen:  POST my/requests (SubmitOwnRequest) · GET my/requests · GET my/requests/:id ·
//             POST my/requests/:id/resubmit · POST my/requests/:id/withdraw · POST my/requests/:id/rating ·
//             GET my/requests/:id/files/:fileId
//   services:handle: POST requests (FileOnBehalf) · GET requests (search) · GET requests/:id ·
//             POST requests/:id/transitions · POST requests/:id/resubmit · POST requests/:id/withdraw ·
//             GET requests/:id/files/:fileId · GET queue · GET queue/counts · GET stats · GET stats.xlsx
//   services:manage: GET manage/catalogue · POST categories · PATCH categories/:code · POST items ·
//             PATCH items/:code · PUT calendar/days/:date · DELETE calendar/days/:date
import { z } from 'zod';

const lang = z.string().max(20).optional();
const id32 = z.number().int().positive().max(2_147_483_647);
const queryId32 = z.coerce.number().int().positive().max(2_147_483_647);

// ------------------------------------------------------------------------------------------------ value lists

/** The org type that handles an item: the applicant's unit or its nearest ancestor of this type handles it. */
export const handlingLevelValues = ['village', 'township', 'county', 'city', 'province'] as const;
export type HandlingLevel = (typeof handlingLevelValues)[number];
/** The module that fulfils an item; items of modules not yet built are handled in the hall itself ('hall'). */
export const fulfilledByValues = [
  'hall',
  'relief',
  'receipts',
  'members',
  'registry',
  'training',
  'donations',
] as const;
export type FulfilledBy = (typeof fulfilledByValues)[number];
export const formFieldTypeValues = ['text', 'textarea', 'number', 'date', 'select', 'phone', 'idNumber'] as const;
export type FormFieldType = (typeof formFieldTypeValues)[number];
/** File types a material may accept (checked by the file's bytes). */
export const materialFileTypeValues = ['jpg', 'png', 'pdf'] as const;
export type MaterialFileType = (typeof materialFileTypeValues)[number];
/** The largest material file (bytes). */
export const maxMaterialBytes = 10 * 1024 * 1024;

/**
 * submitted → accepted (受理) | returned (补正: the applicant edits and resubmits → submitted) | refused (不予受理)
 * | withdrawn (by the applicant, before acceptance); accepted → in_progress → done (办结) | rejected (不予批准).
 * accepted may also go straight to done | rejected.
 */
export const requestStatusValues = [
  'submitted',
  'returned',
  'accepted',
  'in_progress',
  'done',
  'rejected',
  'refused',
  'withdrawn',
] as const;
export type RequestStatus = (typeof requestStatusValues)[number];
/** Statuses waiting on the handling unit (the work queue). */
export const openStatusValues = ['submitted', 'accepted', 'in_progress'] as const;
/** Statuses that end a request. */
export const finalStatusValues = ['done', 'rejected', 'refused', 'withdrawn'] as const;
/** Where staff may move a request (the applicant's own steps are withdraw and resubmit). */
export const staffTargetValues = ['accepted', 'returned', 'refused', 'in_progress', 'done', 'rejected'] as const;
export type StaffTarget = (typeof staffTargetValues)[number];
/** Targets that need a reason in the note. */
export const reasonRequiredTargets = ['returned', 'refused', 'rejected'] as const;

/** Timeline event kinds. 'alerted' (deadline alerts to the handling unit) is shown to staff only. */
export const eventActionValues = [
  'submitted',
  'resubmitted',
  'accepted',
  'returned',
  'refused',
  'started',
  'done',
  'rejected',
  'withdrawn',
  'rated',
  'alerted',
] as const;
export type EventAction = (typeof eventActionValues)[number];

/** How a request came in: the applicant online, staff at a counter on someone's behalf, or another module. */
export const requestChannelValues = ['online', 'counter', 'module'] as const;
/** holiday = a public holiday (no work); workday = a make-up working day (调休) on a weekend. */
export const calendarDayKindValues = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof calendarDayKindValues)[number];

// ------------------------------------------------------------------------------------------------ catalogue

const codeSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lower-case letters, digits, _ and -, 2–40 characters');
const keySchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'a letter, then letters, digits and _, at most 40 characters');

export const materialSchema = z.strictObject({
  key: keySchema,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  required: z.boolean(),
  fileTypes: z.array(z.enum(materialFileTypeValues)).min(1).max(3),
  /** What the document must show, e.g. 正反面. */
  hintZh: z.string().trim().max(200).optional(),
  hintEn: z.string().trim().max(200).optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const fieldOptionSchema = z.strictObject({
  value: z.string().trim().min(1).max(40),
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(100),
});

export const formFieldSchema = z.strictObject({
  key: keySchema,
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(100),
  type: z.enum(formFieldTypeValues),
  required: z.boolean(),
  /** select only: the allowed values. */
  options: z.array(fieldOptionSchema).min(1).max(50).optional(),
  /** text/textarea: most characters (default 100 / 2000); number: min/max. */
  maxLength: z.number().int().positive().max(5000).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  hintZh: z.string().trim().max(200).optional(),
  hintEn: z.string().trim().max(200).optional(),
});
export type FormField = z.infer<typeof formFieldSchema>;

export const createCategorySchema = z.strictObject({
  code: codeSchema,
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
  isActive: z.boolean().default(true),
});
export type CreateCategory = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = z
  .strictObject({
    nameZh: z.string().trim().min(1).max(40).optional(),
    nameEn: z.string().trim().min(1).max(80).optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
    isActive: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateCategory = z.infer<typeof updateCategorySchema>;

const itemFields = {
  categoryCode: codeSchema,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(120),
  descriptionZh: z.string().trim().max(2000),
  descriptionEn: z.string().trim().max(4000),
  materials: z.array(materialSchema).max(20),
  formFields: z.array(formFieldSchema).max(40),
  handlingLevel: z.enum(handlingLevelValues),
  /** The promised time limit (承诺时限) in working days, counted from acceptance. */
  timeLimitDays: z.number().int().min(1).max(365),
  needsPublicNotice: z.boolean(),
  fulfilledBy: z.enum(fulfilledByValues),
  isActive: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
};

export const createItemSchema = z.strictObject({
  code: codeSchema,
  ...itemFields,
  needsPublicNotice: itemFields.needsPublicNotice.default(false),
  fulfilledBy: itemFields.fulfilledBy.default('hall'),
  isActive: itemFields.isActive.default(true),
  sortOrder: itemFields.sortOrder.default(0),
});
export type CreateItem = z.infer<typeof createItemSchema>;

export const updateItemSchema = z
  .strictObject({
    categoryCode: itemFields.categoryCode.optional(),
    nameZh: itemFields.nameZh.optional(),
    nameEn: itemFields.nameEn.optional(),
    descriptionZh: itemFields.descriptionZh.optional(),
    descriptionEn: itemFields.descriptionEn.optional(),
    materials: itemFields.materials.optional(),
    formFields: itemFields.formFields.optional(),
    handlingLevel: itemFields.handlingLevel.optional(),
    timeLimitDays: itemFields.timeLimitDays.optional(),
    needsPublicNotice: itemFields.needsPublicNotice.optional(),
    fulfilledBy: itemFields.fulfilledBy.optional(),
    isActive: itemFields.isActive.optional(),
    sortOrder: itemFields.sortOrder.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateItem = z.infer<typeof updateItemSchema>;

export const itemViewSchema = z
  .object({
    code: z.string(),
    categoryCode: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    descriptionZh: z.string(),
    descriptionEn: z.string(),
    materials: z.array(materialSchema),
    formFields: z.array(formFieldSchema),
    handlingLevel: z.enum(handlingLevelValues),
    timeLimitDays: z.number().int(),
    needsPublicNotice: z.boolean(),
    fulfilledBy: z.enum(fulfilledByValues),
    isActive: z.boolean(),
    sortOrder: z.number().int(),
    /** The promised conclusion date for a request submitted now (acceptance within 1 working day + the limit). */
    expectedDoneOn: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ServiceItem' });
export type ItemView = z.infer<typeof itemViewSchema>;

export const categoryViewSchema = z
  .object({
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    sortOrder: z.number().int(),
    isActive: z.boolean(),
    items: z.array(itemViewSchema),
  })
  .meta({ id: 'ServiceCategory' });
export type CategoryView = z.infer<typeof categoryViewSchema>;

/** The catalogue, categories and items in sort order (the public sees active ones only). */
export const catalogueSchema = z.object({ categories: z.array(categoryViewSchema) }).meta({ id: 'ServiceCatalogue' });
export type Catalogue = z.infer<typeof catalogueSchema>;

export const catalogueQuerySchema = z.strictObject({ lang });
export const manageCatalogueQuerySchema = z.strictObject({
  lang,
  includeInactive: z.enum(['true', 'false']).optional(),
});

// ------------------------------------------------------------------------------------------------ calendar

export const calendarDaySchema = z
  .object({ date: z.string(), kind: z.enum(calendarDayKindValues), name: z.string() })
  .meta({ id: 'CalendarDay' });
export type CalendarDay = z.infer<typeof calendarDaySchema>;

export const calendarQuerySchema = z.strictObject({
  lang,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const calendarViewSchema = z
  .object({
    /** The year shown (the current China year by default). */
    year: z.number().int(),
    /** Exception days of that year; other weekdays are working days, Saturdays and Sundays are not. */
    days: z.array(calendarDaySchema),
    /** Years that have at least one entry (maintained). */
    coveredYears: z.array(z.number().int()),
    isYearCovered: z.boolean(),
    /** Years admins should maintain now but have not: this year, and next year from November on. */
    missingYears: z.array(z.number().int()),
  })
  .meta({ id: 'WorkingCalendar' });
export type CalendarView = z.infer<typeof calendarViewSchema>;

export const putCalendarDaySchema = z.strictObject({
  kind: z.enum(calendarDayKindValues),
  name: z.string().trim().min(1).max(40),
});
export type PutCalendarDay = z.infer<typeof putCalendarDaySchema>;

// ------------------------------------------------------------------------------------------------ requests

/** A form answer: text, a number, or null for an optional field left empty. */
export const formValueSchema = z.union([z.string().max(5000), z.number(), z.null()]);
export const formAnswersSchema = z.record(z.string().max(40), formValueSchema);
export type FormAnswers = z.infer<typeof formAnswersSchema>;
/** Uploaded file ids per material key (files from POST /api/files). */
export const materialFilesSchema = z.record(z.string().max(40), z.array(z.uuid()).min(1).max(10));
export type MaterialFiles = z.infer<typeof materialFilesSchema>;

/** A signed-in citizen applies for themselves: the phone is the account's. */
export const submitOwnRequestSchema = z.strictObject({
  itemCode: codeSchema,
  /** The unit the applicant applies at (their village, township or county); the item's level decides who handles. */
  orgId: id32,
  applicantName: z.string().trim().min(1).max(50),
  form: formAnswersSchema,
  fileIds: materialFilesSchema,
});
export type SubmitOwnRequest = z.infer<typeof submitOwnRequestSchema>;

/** Staff file on a person's behalf (代办) at a counter. */
export const fileOnBehalfSchema = z.strictObject({
  itemCode: codeSchema,
  orgId: id32,
  applicantName: z.string().trim().min(1).max(50),
  /** The applicant's phone: they follow and rate the request by signing in with it. */
  applicantPhone: z.string().trim().min(5).max(20),
  /** An existing person record, when there is one. */
  personId: z.uuid().optional(),
  form: formAnswersSchema,
  fileIds: materialFilesSchema,
});
export type FileOnBehalf = z.infer<typeof fileOnBehalfSchema>;

/** The applicant corrects a returned request (补正) and sends it again. */
export const resubmitRequestSchema = z.strictObject({
  form: formAnswersSchema,
  fileIds: materialFilesSchema,
  note: z.string().trim().max(500).optional(),
});
export type ResubmitRequest = z.infer<typeof resubmitRequestSchema>;

export const withdrawRequestSchema = z.strictObject({ note: z.string().trim().max(500).optional() });

export const transitionSchema = z.strictObject({
  to: z.enum(staffTargetValues),
  /** Shown to the applicant; required (the reason) for returned, refused and rejected. */
  note: z.string().trim().max(500).optional(),
});
export type Transition = z.infer<typeof transitionSchema>;

export const ratingSchema = z.strictObject({
  stars: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
export type Rating = z.infer<typeof ratingSchema>;

export const requestFileSchema = z.object({
  materialKey: z.string(),
  fileId: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});

export const timelineEventSchema = z.object({
  id: z.uuid(),
  action: z.enum(eventActionValues),
  fromStatus: z.enum(requestStatusValues).nullable(),
  toStatus: z.enum(requestStatusValues).nullable(),
  note: z.string().nullable(),
  at: z.string(),
  /** Who acted, as the public sees it: the unit and role (诸暨市红十字会 · 救助专员), 申请人 or 系统. */
  actorLabel: z.string(),
  /** The staff member's name (staff views only; null in the applicant's view). */
  actorName: z.string().nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

const deadlineFields = {
  /** Acceptance deadline: 1 working day after submission (China date, YYYY-MM-DD). */
  acceptDueOn: z.string().nullable(),
  /** Promised conclusion date: acceptance + the item's limit in working days (null before acceptance). */
  dueOn: z.string().nullable(),
  /** The deadline the handling unit works against now (null when nothing waits on it). */
  deadlineOn: z.string().nullable(),
  isOverdue: z.boolean(),
  /** Due today or on the next working day. */
  isDueSoon: z.boolean(),
  /** Working days left until deadlineOn (negative when overdue; null without a deadline). */
  workingDaysLeft: z.number().int().nullable(),
};

export const requestSummarySchema = z
  .object({
    id: z.uuid(),
    requestNo: z.string(),
    itemCode: z.string(),
    itemNameZh: z.string(),
    itemNameEn: z.string(),
    status: z.enum(requestStatusValues),
    channel: z.enum(requestChannelValues),
    /** The handling unit. */
    orgId: z.number().int(),
    orgName: z.string(),
    /** The unit the applicant applied at. */
    filedAtOrgId: z.number().int(),
    filedAtOrgName: z.string(),
    applicantNameMasked: z.string(),
    applicantPhoneMasked: z.string(),
    submittedAt: z.string(),
    acceptedAt: z.string().nullable(),
    concludedAt: z.string().nullable(),
    ...deadlineFields,
    /** Concluded (done/rejected) on or before dueOn; null while not concluded. */
    isOnTime: z.boolean().nullable(),
    stars: z.number().int().nullable(),
  })
  .meta({ id: 'ServiceRequestSummary' });
export type RequestSummary = z.infer<typeof requestSummarySchema>;

export const requestDetailSchema = z
  .object({
    ...requestSummarySchema.shape,
    /** The full name (staff views; the applicant sees their own). */
    applicantName: z.string(),
    personId: z.uuid().nullable(),
    form: formAnswersSchema,
    files: z.array(requestFileSchema),
    /** What the request is about in another module (e.g. { kind: 'relief_case', id }). */
    subject: z.object({ kind: z.string(), id: z.string() }).nullable(),
    fulfilledBy: z.enum(fulfilledByValues),
    /** The item as it is now (field labels and materials, to show the answers). */
    item: itemViewSchema,
    ratingComment: z.string().nullable(),
    ratedAt: z.string().nullable(),
    /** Handling working days from acceptance to conclusion. */
    handlingDays: z.number().int().nullable(),
    events: z.array(timelineEventSchema),
    /** What the caller may do now: staff targets, or 'withdraw' / 'resubmit' / 'rate' for the applicant. */
    allowedActions: z.array(z.enum([...staffTargetValues, 'withdraw', 'resubmit', 'rate'])),
  })
  .meta({ id: 'ServiceRequestDetail' });
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const myRequestsQuerySchema = z.strictObject({
  lang,
  status: z.enum(requestStatusValues).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const requestPageSchema = z
  .object({ items: z.array(requestSummarySchema), total: z.number().int() })
  .meta({ id: 'ServiceRequestPage' });
export type RequestPage = z.infer<typeof requestPageSchema>;

/** The caller's work queue: open requests of units in their scope, overdue first, then by deadline. */
export const queueQuerySchema = z.strictObject({
  lang,
  itemCode: codeSchema.optional(),
  status: z.enum(openStatusValues).optional(),
  /** A unit: requests handled in its subtree. */
  orgId: queryId32.optional(),
  /** Only overdue ('overdue') or due today / next working day or overdue ('due'). */
  urgency: z.enum(['overdue', 'due']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** nextCursor of the previous page. */
  cursor: z.string().max(100).optional(),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const queuePageSchema = z
  .object({ items: z.array(requestSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ServiceQueuePage' });
export type QueuePage = z.infer<typeof queuePageSchema>;

export const queueCountsQuerySchema = z.strictObject({ lang, orgId: queryId32.optional() });
export const queueCountsSchema = z
  .object({
    open: z.number().int(),
    submitted: z.number().int(),
    inHand: z.number().int(),
    overdue: z.number().int(),
    dueSoon: z.number().int(),
  })
  .meta({ id: 'ServiceQueueCounts' });
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const searchQuerySchema = z.strictObject({
  lang,
  requestNo: z.string().trim().min(3).max(40).optional(),
  /** The applicant's phone, exact (blind index). */
  phone: z.string().trim().min(5).max(20).optional(),
  itemCode: codeSchema.optional(),
  status: z.enum(requestStatusValues).optional(),
  /** Submitted on or after / on or before these China dates. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Handled in this unit's subtree. */
  orgId: queryId32.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

// ------------------------------------------------------------------------------------------------ statistics

/**
 * Statistics count the requests SUBMITTED in the range (a cohort) and what has become of them since:
 * 办结率 = concluded (done + rejected) / accepted; 按时办结率 = concluded on time / concluded; 好评率 = 4–5 stars / ratings.
 */
export const statsQuerySchema = z.strictObject({
  lang,
  /** Units under this one are shown (its children); default: the caller's top unit. */
  orgId: queryId32.optional(),
  from: z.iso.date(),
  to: z.iso.date(),
  itemCode: codeSchema.optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const statFiguresSchema = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  returned: z.number().int(),
  refused: z.number().int(),
  withdrawn: z.number().int(),
  done: z.number().int(),
  rejected: z.number().int(),
  concluded: z.number().int(),
  concludedOnTime: z.number().int(),
  /** concluded / accepted (0..1), null without accepted requests. */
  completionRate: z.number().nullable(),
  /** concludedOnTime / concluded (0..1). */
  onTimeRate: z.number().nullable(),
  /** Average working days from acceptance to conclusion. */
  avgHandlingDays: z.number().nullable(),
  ratings: z.number().int(),
  avgStars: z.number().nullable(),
  /** Ratings of 4 or 5 stars / ratings. */
  goodRate: z.number().nullable(),
});
export type StatFigures = z.infer<typeof statFiguresSchema>;

export const statsViewSchema = z
  .object({
    orgId: z.number().int(),
    orgName: z.string(),
    from: z.string(),
    to: z.string(),
    totals: statFiguresSchema,
    byItem: z.array(
      z.object({ itemCode: z.string(), itemNameZh: z.string(), itemNameEn: z.string(), ...statFiguresSchema.shape }),
    ),
    /** The chosen unit's children (requests handled at the unit itself are a row with isSelf). */
    byUnit: z.array(
      z.object({ orgId: z.number().int(), orgName: z.string(), isSelf: z.boolean(), ...statFiguresSchema.shape }),
    ),
    /** Item × unit cells (non-empty only). */
    cells: z.array(z.object({ itemCode: z.string(), orgId: z.number().int(), ...statFiguresSchema.shape })),
    /** Per month (YYYY-MM) of the range. */
    byMonth: z.array(z.object({ month: z.string(), ...statFiguresSchema.shape })),
  })
  .meta({ id: 'ServiceStats' });
export type StatsView = z.infer<typeof statsViewSchema>;

// ------------------------------------------------------------------------------------------------ public units

/** Units a citizen may apply at (administrative units, active), one level at a time. */
export const unitsQuerySchema = z.strictObject({ lang, parentId: queryId32.optional() });
export const unitOptionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  hasChildren: z.boolean(),
});
export const unitOptionsSchema = z.array(unitOptionSchema);
