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
