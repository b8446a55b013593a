// Pinyin sort keys: the database has no Chinese collation, so names sort by a stored key.
import { pinyin } from 'pinyin-pro';

/** Lower-case toneless pinyin with syllables joined by spaces; surnames read as surnames (曾 zeng, 单 shan). */
export function toPinyinKey(text: string, opts: { personName?: boolean } = {}): string {
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    surname: opts.personName ? 'head' : 'off',
    v: true,
  });
  return syllables.join(' ').toLowerCase().replace(/\s+/g, ' ').trim();
}
