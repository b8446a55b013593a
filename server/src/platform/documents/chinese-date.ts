// Dates printed on documents, the way they are written in China: 2025年3月12日 (Asia/Shanghai calendar day).
import { toChinaDate } from '../dates';

/** The Asia/Shanghai calendar date of an instant as 2025年3月12日. */
export function chineseDate(at: Date): string {
  const [year, month, day] = toChinaDate(at).split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}
