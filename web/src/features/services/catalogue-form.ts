// The catalogue editor's text form of a select field's options: one a line as "value|中文|English".
import type { FormField } from '../../../../server/src/modules/services/services.schemas';

type Option = NonNullable<FormField['options']>[number];

export function formatOptions(options: readonly Option[] | undefined): string {
  return (options ?? []).map((o) => `${o.value}|${o.labelZh}|${o.labelEn}`).join('\n');
}

/** The options, or null when a line lacks a part or a value repeats (blank lines are skipped). */
export function parseOptions(text: string): Option[] | null {
  const options: Option[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const parts = line.split('|').map((p) => p.trim());
    if (parts.length !== 3 || parts.some((p) => p === '') || options.some((o) => o.value === parts[0])) {
      return null;
    }
    options.push({ value: parts[0], labelZh: parts[1], labelEn: parts[2] });
  }
  return options;
}
