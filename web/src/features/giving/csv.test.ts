// The disclosure CSV: BOM first, CRLF lines, quoting, and spreadsheet formulas neutralised.
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

type Row = { no: string; name: string; yuan: string; index: number | null };
const columns = [
  { header: '捐赠编号', value: (r: Row) => r.no },
  { header: '捐赠人', value: (r: Row) => r.name },
  { header: '金额（元）', value: (r: Row) => r.yuan },
  { header: '账本序号', value: (r: Row) => r.index },
];

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv(columns, [{ no: 'D1', name: '张*丰', yuan: '50.00', index: 7 }]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('捐赠编号,捐赠人,金额（元）,账本序号\r\nD1,张*丰,50.00,7\r\n');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(Uint8Array.of(0xef, 0xbb, 0xbf));
  });

  it('quotes commas, quotes and line breaks', () => {
    const csv = toCsv(columns, [{ no: 'D2', name: '某某, "公司"\n二部', yuan: '1.00', index: null }]);
    expect(csv.split('\r\n')[1]).toBe('D2,"某某, ""公司""\n二部",1.00,');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const csv = toCsv(columns, [{ no: '=HYPERLINK("http://x")', name: '+1', yuan: '-2', index: 3 }]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-2,3`);
  });
});
