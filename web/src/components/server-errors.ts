// Puts a server error next to the form field it concerns (details.field or VALIDATION_FAILED issue paths).
import type { FormInstance } from 'antd';
import { type ApiError, isApiError } from '../app/api-client';

type Issue = { field?: string; message?: string };

/** Field names the server reports, as the form's field names (`body.code` → `code`). */
function fieldOf(path: string | undefined): string | undefined {
  if (!path) {
    return undefined;
  }
  const parts = path.split('.');
  return parts[0] === 'body' ? parts[1] : parts[0];
}

/**
 * Shows the error on the matching fields of `form` and returns true, or returns false when it names no field on
 * this form (the caller shows `error.message` instead). `codeFields` maps error codes to a field (ORG_CODE_TAKEN → code).
 */
export function showErrorOnFields(
  form: FormInstance,
  error: unknown,
  codeFields: Record<string, string> = {},
): error is ApiError {
  if (!isApiError(error)) {
    return false;
  }
  const known = new Set(Object.keys(form.getFieldsValue() ?? {}));
  const byField = new Map<string, string[]>();
  const add = (field: string | undefined, message: string) => {
    if (field && (known.has(field) || Object.values(codeFields).includes(field))) {
      byField.set(field, [...(byField.get(field) ?? []), message]);
    }
  };
  const issues = (error.details?.issues as Issue[] | undefined) ?? [];
  if (error.code === 'VALIDATION_FAILED' && issues.length > 0) {
    for (const issue of issues) {
      add(fieldOf(issue.field), issue.message ? `${error.message}: ${issue.message}` : error.message);
    }
  }
  const named = typeof error.details?.field === 'string' ? error.details.field : codeFields[error.code];
  add(named, error.message);
  if (byField.size === 0) {
    return false;
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
