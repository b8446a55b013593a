// The fiscal donation receipt (公益事业捐赠票据) as our local implementation prints it, with the statutory fields
// of the Ministry of Finance format; a reversal (冲红) is a new red document naming the original, never an edit.
// No seal is drawn when the caller has no seal image: the slots stay empty rather than carry an imitation.
import { chineseDate } from '../../../platform/documents/chinese-date';
import {
  type Content,
  type DocDefinition,
  pngDataUrl,
  renderPdf,
  type TableCell,
} from '../../../platform/documents/pdf';
import { qrSvg } from '../../../platform/documents/qr';
import { amountInWords, fenToYuanString, formatYuan } from '../../../platform/money';
import { ink, paleRed, red } from './document-theme';

export type FiscalReceiptLine = {
  /** 项目编码 */
  code: string;
  /** 项目名称 */
  name: string;
  /** 单位, e.g. 元 or 批 */
  unit: string;
  quantity: number;
  /** Line amount in fen; negative on a reversal. */
  amountFen: number | bigint;
};

export type FiscalReceiptInput = {
  /** Defaults to 公益事业捐赠票据. */
  receiptName?: string;
  /** 票据代码: 8 digits (region 2 + category 2 + type 2 + year 2). */
  receiptCode: string;
  /** 票据号码: 10 digits, sequential. */
  receiptNumber: string;
  /** 校验码 */
  checkCode: string;
  issuedAt: Date;
  /** 交款人 */
  payerName: string;
  /** 交款人统一社会信用代码 or ID number, already masked by the caller as it should be printed; null if none. */
  payerIdMasked: string | null;
  /** 收款单位 */
  payeeName: string;
  lines: FiscalReceiptLine[];
  /** 备注 */
  notes?: string;
  /** 复核人 */
  reviewer: string;
  /** 收款人 */
  cashier: string;
  /** What the QR code holds: the platform's verification URL or string for this receipt. */
  qrText: string;
  /** The finance authority's supervision seal (监制章) as PNG; left empty when absent. */
  supervisionSealPng?: Buffer | null;
  /** The payee's receipt seal as PNG; left empty when absent. */
  payeeSealPng?: Buffer | null;
  /** Set on a red reversal (冲红) of an earlier receipt: amounts are then negative. */
  reversalOf?: { receiptCode: string; receiptNumber: string; reason?: string } | null;
};

const page = { width: 595.28, height: 419.53 };
const margin = 28;
const qrColumn = 78;
const codesColumn = 158;

function checkInput(input: FiscalReceiptInput): void {
  if (!/^\d{8}$/.test(input.receiptCode)) {
    throw new Error(`A receipt code has 8 digits, got ${JSON.stringify(input.receiptCode)}`);
  }
  if (!/^\d{10}$/.test(input.receiptNumber)) {
    throw new Error(`A receipt number has 10 digits, got ${JSON.stringify(input.receiptNumber)}`);
  }
  if (input.lines.length === 0) {
    throw new Error('A receipt needs at least one item line');
  }
  const reversal = Boolean(input.reversalOf);
  for (const line of input.lines) {
    const amount = BigInt(line.amountFen);
    if (reversal ? amount >= 0n : amount <= 0n) {
      throw new Error(
        reversal ? 'A reversal (冲红) receipt carries negative amounts' : 'A receipt carries positive amounts',
      );
    }
  }
}

const ruled = {
  hLineWidth: () => 0.8,
  vLineWidth: () => 0.8,
  hLineColor: () => red,
  vLineColor: () => red,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

function label(text: string, extra: { alignment?: 'center'; fillColor?: string } = {}): TableCell {
  return { text, color: red, fontSize: 8.5, ...extra };
}

function field(name: string, value: string) {
  return {
    text: [
      { text: `${name}：`, color: red },
      { text: value, color: ink },
    ],
    fontSize: 8.5,
    margin: [0, 0, 0, 2] as [number, number, number, number],
  };
}

/**
 * Renders a fiscal donation receipt as PDF bytes. Throws Error on a malformed code or number, no item lines, or
 * amounts of the wrong sign (positive on a receipt, negative on a reversal); MissingGlyphError for a character
 * the font lacks.
 */
export async function renderFiscalReceipt(input: FiscalReceiptInput): Promise<Buffer> {
  checkInput(input);
  const total = input.lines.reduce((sum, line) => sum + BigInt(line.amountFen), 0n);
  const title = input.receiptName ?? '公益事业捐赠票据';
  const reversal = input.reversalOf ?? null;
  const qr = await qrSvg(input.qrText, { errorCorrectionLevel: 'M' });

  const header: Content = {
    columns: [
      { width: qrColumn, svg: qr, fit: [66, 66] },
      {
        width: '*',
        stack: [
          { text: title, fontSize: 19, bold: true, color: red, alignment: 'center', margin: [0, 14, 0, 0] },
          reversal
            ? { text: '（冲红）', fontSize: 12, bold: true, color: red, alignment: 'center', margin: [0, 2, 0, 0] }
            : { text: '', margin: [0, 2, 0, 0] },
        ],
      },
      {
        width: codesColumn,
        stack: [
          field('票据代码', input.receiptCode),
          field('票据号码', input.receiptNumber),
          field('校验码', input.checkCode),
          field('开票日期', chineseDate(input.issuedAt)),
        ],
        margin: [0, 4, 0, 0],
      },
    ],
  };

  const payer: Content = {
    columns: [
      field('交款人统一社会信用代码', input.payerIdMasked ?? '—'),
      { ...field('交款人', input.payerName), width: 200 },
    ],
    margin: [0, 8, 0, 4],
  };

  const itemRows: TableCell[][] = input.lines.map((line) => [
    { text: line.code, fontSize: 8.5 },
    { text: line.name, fontSize: 8.5 },
    { text: line.unit, fontSize: 8.5, alignment: 'center' },
    { text: String(line.quantity), fontSize: 8.5, alignment: 'right' },
    { text: fenToYuanString(line.amountFen), fontSize: 8.5, alignment: 'right' },
  ]);
  const minimumRows = 4;
  const blankRows: TableCell[][] = Array.from({ length: Math.max(0, minimumRows - itemRows.length) }, () => [
    { text: ' ', fontSize: 8.5 },
    '',
    '',
    '',
    '',
  ]);

  const notes = [
    reversal
      ? `本票据为冲红票据，冲红原票据代码：${reversal.receiptCode}，号码：${reversal.receiptNumber}。${reversal.reason ? `冲红原因：${reversal.reason}。` : ''}`
      : '',
    input.notes ?? '',
  ]
    .filter(Boolean)
    .join('\n');

  const table: Content = {
    table: {
      widths: [76, '*', 44, 48, 100],
      headerRows: 1,
      body: [
        ['项目编码', '项目名称', '单位', '数量', '金额（元）'].map((name) =>
          label(name, { alignment: 'center', fillColor: paleRed }),
        ),
        ...itemRows,
        ...blankRows,
        [
          label('金额合计（大写）', { alignment: 'center' }),
          { text: amountInWords(total), fontSize: 9.5, bold: true, color: ink, colSpan: 3 },
          '',
          '',
          {
            text: [{ text: '（小写）', color: red, bold: false }, { text: formatYuan(total) }],
            fontSize: 9,
            bold: true,
            alignment: 'right',
          },
        ],
        [label('备注', { alignment: 'center' }), { text: notes, fontSize: 8.5, colSpan: 4, color: ink }, '', '', ''],
      ],
      heights: (row: number) => (row === itemRows.length + blankRows.length + 2 ? 40 : 0),
    },
    layout: ruled,
  };

  const signatures: Content = {
    columns: [
      { width: '*', stack: [field('收款单位（章）', input.payeeName)] },
      { width: 110, stack: [field('复核人', input.reviewer)] },
      { width: 110, stack: [field('收款人', input.cashier)] },
    ],
    margin: [0, 8, 0, 0],
  };

  const overlays: Content[] = [];
  if (input.supervisionSealPng) {
    overlays.push({
      image: pngDataUrl(input.supervisionSealPng),
      fit: [86, 56],
      // Centred over the title, as the finance bureau's seal is printed.
      absolutePosition: {
        x: margin + qrColumn + (page.width - 2 * margin - qrColumn - codesColumn) / 2 - 43,
        y: margin,
      },
    });
  }

  const doc: DocDefinition = {
    pageSize: { width: page.width, height: page.height },
    pageMargins: [margin, margin, margin, margin],
    info: {
      title: `${title}${reversal ? '（冲红）' : ''} ${input.receiptCode}-${input.receiptNumber}`,
      author: input.payeeName,
    },
    watermark: reversal ? { text: '冲 红', color: red, opacity: 0.1, bold: true, fontSize: 96 } : undefined,
    content: [
      header,
      payer,
      table,
      input.payeeSealPng
        ? {
            // Stamped over the payee's name, as a seal is; the negative margin keeps it from taking up a line.
            unbreakable: true,
            stack: [signatures, { image: pngDataUrl(input.payeeSealPng), fit: [84, 84], margin: [56, -52, 0, 0] }],
          }
        : signatures,
      ...overlays,
    ],
  };
  return renderPdf(doc);
}
