import { describe, expect, it } from 'vitest';
import { formatOptions, parseOptions } from './catalogue-form';

describe('select options as text', () => {
  it('reads one option a line and writes them back the same way', () => {
    const text = 'male|男|Male\n\n female | 女 | Female ';
    const options = parseOptions(text);
    expect(options).toEqual([
      { value: 'male', labelZh: '男', labelEn: 'Male' },
      { value: 'female', labelZh: '女', labelEn: 'Female' },
    ]);
    expect(formatOptions(options ?? [])).toBe('male|男|Male\nfemale|女|Female');
  });

  it.each([['a|甲'], ['a|甲|A|extra'], ['a||A'], ['a|甲|A\na|乙|B']])('refuses %j', (text) => {
    expect(parseOptions(text)).toBeNull();
  });

  it('gives no options for empty text', () => {
    expect(parseOptions('  \n')).toEqual([]);
    expect(formatOptions(undefined)).toBe('');
  });
});
