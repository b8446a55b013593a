// Labels of the rescue enums that come from the server's schemas, in the UI language.
import {
  incidentKindLabels,
  memberRoleLabels,
  specialityLabels,
} from '../../../../../server/src/modules/rescue/rescue.schemas';

const pick = (l: { zh: string; en: string }, lang: string) => (lang === 'en' ? l.en : l.zh);
export const specialityLabel = (k: string | null, lang: string) =>
  k ? pick(specialityLabels[k as keyof typeof specialityLabels], lang) : '';
export const kindLabel = (k: string, lang: string) =>
  pick(incidentKindLabels[k as keyof typeof incidentKindLabels], lang);
export const roleLabel = (k: string, lang: string) => pick(memberRoleLabels[k as keyof typeof memberRoleLabels], lang);

/** Time of day (and date when not today) in China time. */
export function shortTime(iso: string | null, lang: string): string {
  if (!iso) {
    return '—';
  }
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
