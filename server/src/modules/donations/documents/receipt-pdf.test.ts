// The fiscal donation receipt: every statutory field printed and extractable, a QR code that scans, and a red
// reversal (冲红) that names the receipt it reverses and carries negative amounts.
import { describe, expect, it } from 'vitest';
import { MissingGlyphError } from '../../../platform/documents/pdf';
import {
  decodeQr,
  hasPoppler,
  pdfFonts,
  pdfPageCount,
  pdfText,
  rasterizePdf,
  squeeze,
} from '../../../platform/documents/pdf-inspect';
import { type FiscalReceiptInput, renderFiscalReceipt } from './receipt-pdf';

const input: FiscalReceiptInput = {
  receiptCode: '33060125',
  receiptNumber: '0000012345',
  checkCode: 'a1b2c3',
  issuedAt: new Date('2025-03-12T08:00:00Z'),
  payerName: '王堃',
  payerIdMasked: '330************1234',
  payeeName: '绍兴市红十字会',
  lines: [
    { code: '0101', name: '捐赠收入（货币）', unit: '元', quantity: 1, amountFen: 123450 },
    { code: '0102', name: '捐赠收入（物资）', unit: '批', quantity: 2, amountFen: 50000 },
  ],
  notes: '捐赠编号 D2025031200042；定向捐赠',
  reviewer: '李喆',
  cashier: '张昇',
  qrText: 'https://boai.example.org/receipts/33060125/0000012345?check=a1b2c3',
};

describe('renderFiscalReceipt', () => {
  it.skipIf(!hasPoppler)('prints every statutory field (needs poppler-utils)', async () => {
    const pdf = await renderFiscalReceipt(input);
    const text = squeeze(pdfText(pdf));
    for (const expected of [
      '公益事业捐赠票据',
      '票据代码：33060125',
      '票据号码：0000012345',
      '校验码：a1b2c3',
      '开票日期：2025年3月12日',
      '交款人统一社会信用代码：330************1234',
      '交款人：王堃',
      '项目编码',
      '项目名称',
      '单位',
      '数量',
      '金额（元）',
      '0101捐赠收入（货币）元11234.50',
      '0102捐赠收入（物资）批2500.00',
      '金额合计（大写）壹仟柒佰叁拾肆元伍角',
      '（小写）¥1,734.50',
      '备注',
      '捐赠编号D2025031200042；定向捐赠',
      '收款单位（章）：绍兴市红十字会',
      '复核人：李喆',
      '收款人：张昇',
    ]) {
      expect(text).toContain(squeeze(expected));
    }
    expect(text).not.toContain('冲红');
    expect(pdfPageCount(pdf)).toBe(1);
    expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
  });

  it.skipIf(!hasPoppler)('has a QR code that scans to the given text (needs poppler-utils)', async () => {
    const [page] = rasterizePdf(await renderFiscalReceipt(input), 200);
    expect(decodeQr(page)).toBe(input.qrText);
  });

  it.skipIf(!hasPoppler)('prints a reversal as a red document naming the original (needs poppler-utils)', async () => {
    const pdf = await renderFiscalReceipt({
      ...input,
      receiptNumber: '0000012399',
      lines: input.lines.map((line) => ({ ...line, amountFen: -line.amountFen })),
      reversalOf: { receiptCode: '33060125', receiptNumber: '0000012345', reason: '交款人名称有误' },
    });
    const text = squeeze(pdfText(pdf));
    expect(text).toContain('（冲红）');
    expect(text).toContain('冲红原票据代码：33060125，号码：0000012345。冲红原因：交款人名称有误。');
    expect(text).toContain('票据号码：0000012399');
    expect(text).toContain('-1234.50');
    expect(text).toContain('负壹仟柒佰叁拾肆元伍角');
    expect(text).toContain('-¥1,734.50');
  });

  it('places seal images when given', async () => {
    const { qrPng } = await import('../../../platform/documents/qr');
    const png = await qrPng('supervision seal stand-in', { width: 120 });
    const payeePng = await qrPng('payee seal stand-in', { width: 120 });
    const images = (pdf: Buffer) => pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;
    expect(images(await renderFiscalReceipt(input))).toBe(0);
    expect(images(await renderFiscalReceipt({ ...input, supervisionSealPng: png }))).toBeGreaterThan(0);
    const both = images(await renderFiscalReceipt({ ...input, supervisionSealPng: png, payeeSealPng: payeePng }));
    expect(both).toBeGreaterThan(images(await renderFiscalReceipt({ ...input, payeeSealPng: payeePng })));
  });

  it.each([
    ['a receipt code that is not 8 digits', { receiptCode: '3306012' }, '8 digits'],
    ['a receipt number that is not 10 digits', { receiptNumber: '00000123456' }, '10 digits'],
    ['no item lines', { lines: [] }, 'at least one'],
    ['a negative amount on a receipt', { lines: [{ ...input.lines[0], amountFen: -1 }] }, 'positive'],
    [
      'a positive amount on a reversal',
      { reversalOf: { receiptCode: '33060125', receiptNumber: '0000012345' } },
      'negative',
    ],
  ])('refuses %s', async (_what, change, message) => {
    await expect(renderFiscalReceipt({ ...input, ...change })).rejects.toThrow(message);
  });

  it('refuses a payer name with a character the font cannot draw', async () => {
    await expect(renderFiscalReceipt({ ...input, payerName: '王\uE000' })).rejects.toThrow(MissingGlyphError);
  });
});
