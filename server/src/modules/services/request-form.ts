// Checks a request's answers against its item's field schema, and keeps ID numbers and phones in the answers
// encrypted at rest (shown masked to staff without pii:view).
import { AppError } from '../../platform/errors';
import { validateIdNumber } from '../../platform/identity/id-number';
import { maskIdNumber, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import type { FormAnswers, FormField } from './services.schemas';

export type FormIssue = { field: string; message: string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checkValue(f: FormField, value: string | number): { issue?: string; value?: string | number } {
  switch (f.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') {
        return { issue: 'must be text' };
      }
      const max = f.maxLength ?? (f.type === 'text' ? 100 : 2000);
      return value.trim().length > max ? { issue: `at most ${max} characters` } : { value: value.trim() };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { issue: 'must be a number' };
      }
      if (f.min !== undefined && value < f.min) {
        return { issue: `at least ${f.min}` };
      }
      if (f.max !== undefined && value > f.max) {
        return { issue: `at most ${f.max}` };
      }
      return { value };
    }
    case 'date': {
      const d = typeof value === 'string' ? value.trim() : '';
      const ok = isoDate.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
      return ok ? { value: d } : { issue: 'must be a date (YYYY-MM-DD)' };
    }
    case 'select': {
      const v = typeof value === 'string' ? value : String(value);
      return f.options?.some((o) => o.value === v) ? { value: v } : { issue: 'not one of the options' };
    }
    case 'phone': {
      const p = typeof value === 'string' ? normalizePhone(value) : { ok: false as const };
      return p.ok ? { value: p.value } : { issue: 'not a valid phone number' };
    }
    case 'idNumber': {
      const r = typeof value === 'string' ? validateIdNumber(value.trim()) : undefined;
      return r?.ok ? { value: r.value } : { issue: `not a valid ID number${r ? ` (${r.reason})` : ''}` };
    }
  }
}

/**
 * The answers, checked and normalised (trimmed text, E.164 phones, upper-case ID numbers), or VALIDATION_FAILED
 * listing every problem with its field path (`body.form.<key>`).
 */
export function validateForm(
  fields: readonly FormField[],
  answers: FormAnswers,
  opts: { requireAll?: boolean } = {},
): FormAnswers {
  const issues: FormIssue[] = [];
  const out: FormAnswers = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) {
      issues.push({ field: `body.form.${key}`, message: 'not a field of this item' });
    }
  }
  for (const f of fields) {
    const raw = answers[f.key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (f.required && opts.requireAll !== false) {
        issues.push({ field: `body.form.${f.key}`, message: 'required' });
      }
      continue;
    }
    const checked = checkValue(f, raw);
    if (checked.issue) {
      issues.push({ field: `body.form.${f.key}`, message: checked.issue });
    } else if (checked.value !== undefined) {
      out[f.key] = checked.value;
    }
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
  return out;
}

const encPrefix = 'enc:';
const sensitive = (f: FormField) => f.type === 'idNumber' || f.type === 'phone';

/** Encrypts the answers of ID-number and phone fields for storage. */
export function sealForm(fields: readonly FormField[], answers: FormAnswers): FormAnswers {
  const out: FormAnswers = { ...answers };
  for (const f of fields.filter(sensitive)) {
    const v = out[f.key];
    if (typeof v === 'string' && !v.startsWith(encPrefix)) {
      out[f.key] = `${encPrefix}${pii().encrypt(v)}`;
    }
  }
  return out;
}

/** The stored answers for display: sensitive ones decrypted in full, or masked. */
export function openForm(stored: FormAnswers, full: boolean): FormAnswers {
  const out: FormAnswers = {};
  for (const [key, v] of Object.entries(stored)) {
    if (typeof v === 'string' && v.startsWith(encPrefix)) {
      const plain = pii().decrypt(v.slice(encPrefix.length));
      out[key] = full ? plain : plain.startsWith('+') ? maskPhone(plain) : maskIdNumber(plain);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** The stored answers in clear (for another module fulfilling the request, e.g. relief reading the ID number). */
export function decryptForm(stored: FormAnswers): FormAnswers {
  return openForm(stored, true);
}
