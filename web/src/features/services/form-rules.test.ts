import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../../server/src/modules/services/services.schemas';
import { checkAnswers, checkField, fromAnswers, isResidentIdNumber, toAnswers } from './form-rules';

const field = (over: Partial<FormField>): FormField => ({
  key: 'f',
  labelZh: '字段',
  labelEn: 'Field',
  type: 'text',
  required: false,
  ...over,
});
const now = new Date('2026-03-01T00:00:00Z');

describe('isResidentIdNumber', () => {
  it.each([
    ['11010519491231002X', true],
    ['11010519491231002x', true],
    ['110105194912310021', false], // wrong check character
    ['99010519491231002X', false], // no such province
    ['110105194902300028', false], // 30 February
    ['110105203001010011', false], // born in the future
    ['110105491231002', true], // legacy 15 digits
    ['1101051949123100', false],
    ['', false],
  ])('%s → %s', (id, ok) => {
    expect(isResidentIdNumber(id, now)).toBe(ok);
  });
});

describe('checkField', () => {
  it.each<[Partial<FormField>, unknown, string | null]>([
    [{ required: true }, '', 'required'],
    [{ required: true }, '   ', 'required'],
    [{ required: false }, '', null],
    [{ required: false }, null, null],
    [{ type: 'text' }, 'a'.repeat(100), null],
    [{ type: 'text' }, 'a'.repeat(101), 'tooLong'],
    [{ type: 'text', maxLength: 5 }, '123456', 'tooLong'],
    [{ type: 'textarea' }, 'a'.repeat(2000), null],
    [{ type: 'textarea' }, 'a'.repeat(2001), 'tooLong'],
    [{ type: 'number' }, 'abc', 'notNumber'],
    [{ type: 'number', min: 1, max: 10 }, 0, 'belowMin'],
    [{ type: 'number', min: 1, max: 10 }, 11, 'aboveMax'],
    [{ type: 'number', min: 1, max: 10 }, '7', null],
    [{ type: 'date' }, '2026-02-29', 'badDate'],
    [{ type: 'date' }, '2028-02-29', null],
    [{ type: 'date' }, '29/02/2028', 'badDate'],
    [{ type: 'select', options: [{ value: 'a', labelZh: '甲', labelEn: 'A' }] }, 'a', null],
    [{ type: 'select', options: [{ value: 'a', labelZh: '甲', labelEn: 'A' }] }, 'b', 'badOption'],
    [{ type: 'phone' }, '138 0013 8000', null],
    [{ type: 'phone' }, '+8613800138000', null],
    [{ type: 'phone' }, '0571-8888888', 'badPhone'],
    [{ type: 'phone' }, '+86 571 8888 8888', 'badPhone'], // a landline
    [{ type: 'phone' }, '12800138000', 'badPhone'], // no such mobile prefix
    [{ type: 'phone' }, '+85291234567', null], // Hong Kong
    [{ type: 'phone' }, '0044 20 7946 0958', null],
    [{ type: 'idNumber' }, '11010519491231002X', null],
    [{ type: 'idNumber' }, '110105194912310021', 'badIdNumber'],
  ])('%o with %s → %s', (over, value, problem) => {
    expect(checkField(field(over), value, now)).toBe(problem);
  });

  it('reports every field with a problem and none without', () => {
    const fields = [
      field({ key: 'name', required: true }),
      field({ key: 'age', type: 'number', min: 0 }),
      field({ key: 'note' }),
    ];
    expect(checkAnswers(fields, { name: '', age: -1, note: 'ok' }, now)).toEqual({
      name: 'required',
      age: 'belowMin',
    });
    expect(checkAnswers(fields, { name: '张三', age: 30 }, now)).toEqual({});
  });
});

describe('toAnswers / fromAnswers', () => {
  const fields = [
    field({ key: 'name' }),
    field({ key: 'age', type: 'number' }),
    field({ key: 'phone', type: 'phone' }),
    field({ key: 'id', type: 'idNumber' }),
    field({ key: 'note', type: 'textarea' }),
  ];

  it('sends trimmed text, numbers as numbers, compact phones, upper-case IDs, null for empty, and nothing else', () => {
    expect(
      toAnswers(fields, {
        name: ' 张三 ',
        age: '42',
        phone: '138-0013-8000',
        id: '11010519491231002x',
        note: '',
        extra: 'dropped',
      }),
    ).toEqual({ name: '张三', age: 42, phone: '13800138000', id: '11010519491231002X', note: null });
  });

  it('fills the form again from the answers of a returned request, leaving empty answers out', () => {
    expect(fromAnswers(fields, { name: '张三', age: 42, note: null, gone: 'x' })).toEqual({ name: '张三', age: 42 });
  });
});
