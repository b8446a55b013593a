// Calendar dates as people in China read them: Asia/Shanghai, whatever the server's time zone.

const chinaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function toChinaDate(at: Date = new Date()): string {
  return chinaDay.format(at);
}
