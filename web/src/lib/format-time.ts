// Times are stored in UTC and shown in China time (Asia/Shanghai), in the UI language.

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
