// One error class, one catalogue of codes with HTTP status and zh/en messages, one body shape.
import { z } from 'zod';

const catalogue = {
  VALIDATION_FAILED: { status: 400, zh: '输入有误', en: 'Invalid input' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'Request payload too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多,账号已临时锁定',
    en: 'Too many failed sign-ins; the account is locked for a while',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  OTP_INVALID: { status: 400, zh: '验证码错误、已过期或已使用', en: 'The code is wrong, expired or already used' },
  WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  WEAK_PASSWORD: {
    status: 400,
    zh: '密码至少 10 位,且须包含字母和数字',
    en: 'Passwords need at least 10 characters with letters and digits',
  },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'Not allowed' },
  OUT_OF_SCOPE: { status: 403, zh: '超出您的管辖范围', en: 'Outside the units you manage' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  CONFLICT: { status: 409, zh: '与已有记录冲突', en: 'Conflicts with an existing record' },
  ORG_CODE_TAKEN: { status: 409, zh: '单位代码已被使用', en: 'The unit code is already in use' },
  ORG_CYCLE: {
    status: 409,
    zh: '不能把单位移到它自己或其下级单位之下',
    en: 'A unit cannot move under itself or its own descendant',
  },
  ORG_PARENT_TYPE: {
    status: 422,
    zh: '该类型的单位不能设在所选上级之下',
    en: 'A unit of this type cannot sit under the chosen parent',
  },
  ORG_INACTIVE_PARENT: { status: 422, zh: '上级单位已停用', en: 'The parent unit is inactive' },
  ORG_HAS_ACTIVE_CHILDREN: { status: 409, zh: '请先停用其下级单位', en: 'Deactivate its child units first' },
  ORG_ROOT_LOCKED: { status: 422, zh: '根单位不能移动', en: 'A root unit cannot be moved' },
  PERSON_DUPLICATE_ID: { status: 409, zh: '该证件号码已登记', en: 'This ID number is already registered' },
  INVALID_ID_NUMBER: { status: 400, zh: '证件号码无效', en: 'Invalid ID number' },
  INVALID_PHONE: { status: 400, zh: '手机号码无效', en: 'Invalid phone number' },
  IMPORT_INVALID_FILE: { status: 400, zh: '文件不是有效的 Excel 工作簿', en: 'The file is not a valid Excel workbook' },
  IMPORT_WRONG_COLUMNS: { status: 400, zh: '表头与模板不一致', en: 'The columns do not match the template' },
  IMPORT_ROWS_INVALID: {
    status: 422,
    zh: '部分行有误,整个文件未导入',
    en: 'Some rows are invalid; nothing was imported',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The username is taken' },
  FILE_INVALID: {
    status: 400,
    zh: '文件无效:须为 PDF、PNG、JPEG 或 WebP 且不能为空',
    en: 'Invalid file: it must be a non-empty PDF, PNG, JPEG or WebP',
  },
  AMOUNT_INVALID: {
    status: 400,
    zh: '金额无效:须为大于零的整数分',
    en: 'Invalid amount: it must be a whole number of fen above zero',
  },
  AMOUNT_TOO_LARGE: { status: 422, zh: '金额超过允许的上限', en: 'The amount is above the allowed maximum' },
  PROJECT_NOT_OPEN: { status: 409, zh: '该募捐项目未在募捐期内', en: 'The project is not open for giving' },
  PROJECT_CODE_TAKEN: { status: 409, zh: '项目编号已被使用', en: 'The project code is already in use' },
  AGREEMENT_REQUIRED: {
    status: 422,
    zh: '100 万元及以上的捐赠须上传书面捐赠协议',
    en: 'Gifts of ¥1,000,000 or more need a written donation agreement',
  },
  PAYMENT_CHANNEL_UNAVAILABLE: { status: 422, zh: '该支付方式未开通', en: 'This payment channel is not enabled' },
  PAYMENT_PROVIDER_FAILED: {
    status: 502,
    zh: '支付渠道暂时无法下单,请稍后重试或换一种支付方式',
    en: 'The payment provider could not take the order; try again later or use another channel',
  },
  ORDER_NOT_PAYABLE: {
    status: 409,
    zh: '订单已支付、已过期或已关闭',
    en: 'The order is already paid, expired or closed',
  },
  PAYMENT_NOTIFICATION_REJECTED: {
    status: 400,
    zh: '支付通知未通过校验,已记录并提示管理员',
    en: 'The payment notification failed verification; it was recorded and flagged',
  },
  ACCESS_TOKEN_INVALID: { status: 403, zh: '查询凭证无效', en: 'The access token is not valid' },
  FUND_INSUFFICIENT: { status: 409, zh: '基金余额不足', en: 'The fund balance is insufficient' },
  SAME_USER_APPROVAL: {
    status: 403,
    zh: '不能审批自己提交的申请,须由另一人审批',
    en: 'A second person must approve; you cannot approve your own request',
  },
  MANAGEMENT_FEE_OVER_CAP: {
    status: 422,
    zh: '管理费超过该项目允许的上限',
    en: "The management fee is above the project's cap",
  },
  NOT_PENDING: { status: 409, zh: '该申请已处理', en: 'The request has already been decided' },
  DONATION_NOT_REFUNDABLE: {
    status: 409,
    zh: '该捐赠已退款或已被使用,不能退款',
    en: 'The gift has been refunded or already spent, so it cannot be refunded',
  },
  GOODS_OUT_OF_STOCK: {
    status: 409,
    zh: '该批物资在此仓库的库存不足',
    en: 'Not enough of this lot in stock in this warehouse',
  },
  GOODS_SHELF_LIFE_TOO_SHORT: {
    status: 422,
    zh: '物资剩余有效期不足规定的最短期限,不能接收',
    en: 'The goods expire too soon to be accepted (below the minimum shelf life)',
  },
  GOODS_VALUE_EVIDENCE_REQUIRED: {
    status: 422,
    zh: '物资价值须有依据(发票、合同/中标价、市场价或评估),无依据时只登记数量',
    en: 'A value needs its evidence (invoice, contract/tender price, market price or appraisal); without it record the quantity only',
  },
  GOODS_COUNT_MISMATCH: {
    status: 422,
    zh: '复核清点结果与登记不一致(数量、品名型号或有效期)',
    en: 'The second count does not match the record (quantity, product code or expiry date)',
  },
  GOODS_EXPIRED: { status: 409, zh: '该批物资已过期,不能发放,请报损', en: 'The lot has expired: write it off instead' },
  GOODS_WAREHOUSE_INACTIVE: { status: 409, zh: '该仓库已停用', en: 'The warehouse is inactive' },
  INVALID_CREDIT_CODE: { status: 400, zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
  RECEIPT_ANONYMOUS_GIFT: {
    status: 409,
    zh: '这是一笔匿名捐赠:如需捐赠票据,请先向受赠单位提供捐赠人姓名',
    en: "This gift was made anonymously: give the donor's name to the receiving unit first to get a receipt",
  },
  RECEIPT_ALREADY_REQUESTED: {
    status: 409,
    zh: '该捐赠的票据申请正在办理中',
    en: 'A receipt for this gift has already been requested',
  },
  RECEIPT_ALREADY_ISSUED: {
    status: 409,
    zh: '该捐赠已开具捐赠票据',
    en: 'A receipt has already been issued for this gift',
  },
  RECEIPT_GIFT_REFUNDED: {
    status: 409,
    zh: '该捐赠已退款,不能开具捐赠票据',
    en: 'The gift was refunded, so it gets no receipt',
  },
  RECEIPT_NOT_VOIDABLE: {
    status: 409,
    zh: '该票据已冲红,或本身是冲红票据',
    en: 'The receipt has already been reversed, or is itself a reversal',
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: '当前状态下不能进行此操作',
    en: 'This step is not allowed in the current state',
  },
  MATERIALS_MISSING: { status: 422, zh: '缺少必需的申请材料', en: 'Required materials are missing' },
  APPROVAL_BAND_EXCEEDED: {
    status: 403,
    zh: '金额超出本级审批权限,需上级审批',
    en: 'The amount is above this level’s approval band',
  },
  NOTICE_PERIOD_RUNNING: { status: 409, zh: '公示期未满', en: 'The public notice period has not ended' },
  OBJECTION_OPEN: { status: 409, zh: '存在未处理的异议', en: 'An objection is still open' },
  RELIEF_RULE_VIOLATED: {
    status: 422,
    zh: '不符合救助规则(排除情形或同一事由已救助)',
    en: 'The case breaks a relief rule (an exclusion, or the same cause was already helped)',
  },
  NOT_WORKING_CALENDAR: {
    status: 422,
    zh: '工作日历未覆盖该日期',
    en: 'The working calendar does not cover that date',
  },
  ALREADY_ENROLLED: { status: 409, zh: '已报名该培训班', en: 'Already enrolled in this class' },
  ENROLMENT_CLOSED: { status: 409, zh: '该培训班不在报名期内', en: 'The class is not open for enrolment' },
  LESSONS_UNFINISHED: {
    status: 409,
    zh: '请先完成必修课程的在线学习',
    en: 'Finish the required online lessons first',
  },
  EXAM_NOT_OPEN: { status: 409, zh: '理论考试尚未开放或已关闭', en: 'The theory exam is not open' },
  EXAM_CLOSED: {
    status: 409,
    zh: '本次考试已结束(已交卷或已超时),答案未保存',
    en: 'This attempt has ended (submitted or out of time); the answer was not saved',
  },
  QUESTION_NOT_IN_PAPER: { status: 422, zh: '该题不在您的试卷中', en: 'The question is not in your paper' },
  ATTEMPT_IN_PROGRESS: {
    status: 409,
    zh: '已有一场正在进行的考试,请继续作答',
    en: 'An attempt is already in progress; continue it',
  },
  ATTEMPTS_EXHAUSTED: { status: 409, zh: '考试次数已用完', en: 'No attempts left' },
  QUESTION_BANK_SHORT: {
    status: 422,
    zh: '题库中的题目不足以按组卷规则出卷',
    en: 'The question bank has too few questions for the paper blueprint',
  },
  EXAMINER_IS_TRAINER: {
    status: 409,
    zh: '培考分离:本班的培训师不能担任考官',
    en: 'Training and examining are separate: a trainer of the class cannot examine it',
  },
  NOT_CLASS_EXAMINER: { status: 403, zh: '您不是本班指定的考官', en: 'You are not an examiner of this class' },
  RESULT_SIGNED: {
    status: 409,
    zh: '成绩已由考官签字确认,更正须另一名授权人员复核',
    en: 'The result is signed; a correction needs a second authorised user',
  },
  NOT_ELIGIBLE: {
    status: 409,
    zh: '尚未通过理论与实操考核,不能发证',
    en: 'Theory and practical exams are not both passed',
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    zh: '未查询到该证书,请核对证书编号',
    en: 'No certificate was found; check the number',
  },
  CHECKIN_NOT_OPEN: {
    status: 409,
    zh: '不在签到时间内(课次开始前后 30 分钟内可签到)',
    en: 'Check-in is open from 30 minutes before the session to 30 minutes after it ends',
  },
  QUALIFICATION_INVALID: {
    status: 409,
    zh: '该师资在培训日期内没有有效的相应资格',
    en: 'The instructor holds no valid qualification of that kind on the class dates',
  },
  // ---------------------------------------------------------------------------------------- AED (aed module)
  INVALID_LOCATION: {
    status: 422,
    zh: '位置无效:经纬度超出范围、为(0,0)、经纬度颠倒或不在中国境内',
    en: 'Invalid location: out of range, (0,0), latitude and longitude swapped, or outside China',
  },
  AED_STATUS_TRANSITION: {
    status: 409,
    zh: '该设备当前状态不允许此操作',
    en: 'The device’s status does not allow this',
  },
  AED_SERIAL_TAKEN: {
    status: 409,
    zh: '该品牌下已登记相同序列号的设备',
    en: 'A device with this brand and serial is registered',
  },
  DEVICE_KEY_INVALID: { status: 401, zh: '设备密钥无效', en: 'The device key is not valid' },
  TELEMETRY_CLOCK_SKEW: {
    status: 422,
    zh: '设备上报时间与服务器时间相差过大',
    en: 'The device’s timestamp is too far from the server’s clock',
  },
  NOT_AED_GUARDIAN: { status: 403, zh: '您不是该设备的管理责任人', en: 'You are not a guardian of this device' },
  // -- AED helper adds codes above this line
  // ---------------------------------------------------------------------------------------- response (救在身边)
  NO_VALID_CERTIFICATE: {
    status: 409,
    zh: '没有有效的救护员证,不能接受急救呼叫',
    en: 'No valid first-aider certificate: you cannot go on call',
  },
  RESPONDER_CONSENT_REQUIRED: {
    status: 409,
    zh: '请先阅读并同意志愿应答须知',
    en: 'Read and accept the responder terms first',
  },
  RESPONDER_OFF_CALL: {
    status: 409,
    zh: '您当前未在值守,不接收位置',
    en: 'You are off call; positions are not accepted',
  },
  EMERGENCY_ENDED: { status: 409, zh: '该急救事件已结束', en: 'The emergency has ended' },
  NOT_ALERTED: { status: 403, zh: '您未收到该急救事件的呼叫', en: 'You were not alerted to this emergency' },
  DISPATCH_KEY_INVALID: { status: 401, zh: '调度接口密钥无效', en: 'The dispatch API key is not valid' },
  // -- response helpers add codes above this line
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof catalogue;
export type Locale = 'zh' | 'en';
export const errorCodes = Object.keys(catalogue) as ErrorCode[];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, details?: Record<string, unknown>) {
    super(catalogue[code].en);
    this.code = code;
    this.status = catalogue[code].status;
    this.details = details;
  }
}

export function messageFor(code: ErrorCode, locale: Locale): string {
  return catalogue[code][locale];
}

export function statusOf(code: ErrorCode): number {
  return catalogue[code].status;
}

export function toErrorBody(code: ErrorCode, locale: Locale, details?: Record<string, unknown>) {
  return { error: { code, message: messageFor(code, locale), ...(details ? { details } : {}) } };
}

/** The one error body, declared once for OpenAPI. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses a route documents in OpenAPI, all sharing the one error body. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorBodySchema])) as Record<S, typeof errorBodySchema>;
}
