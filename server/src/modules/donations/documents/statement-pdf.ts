// A donor's annual giving statement (年度捐赠明细): every gift of one calendar year (Asia/Shanghai) with where the
// money went, and the totals. Donors may query and copy their records and must be told how their gifts were used.
import { toChinaDate } from '../../../platform/dates';
import { chineseDate } from '../../../platform/documents/chinese-date';
import { type Content, type DocDefinition, renderPdf, type TableCell } from '../../../platform/documents/pdf';
import { qrSvg } from '../../../platform/documents/qr';
import { amountInWords, fenToYuanString, formatYuan } from '../../../platform/money';
import { grey, ink, lightGrey, paleRed, red } from './document-theme';

export type AnnualStatementDonation = {
  donationNumber: string;
  donatedAt: Date;
  projectName: string;
  amountFen: number | bigint;
  /** Where the gift went, in a sentence or two (e.g. 已用于诸暨市 3 台 AED 采购（2025年6月拨付）). */
  usageSummary: string;
};

export type AnnualStatementInput = {
  year: number;
  donorName: string;
  /** ID number or credit code as the caller wants it printed (masked); null to leave it out. */
  donorIdMasked?: string | null;
  issuerName: string;
  issuedAt: Date;
  donations: AnnualStatementDonation[];
  /** Where the donor can see the live record; printed as a QR code when given. */
  portalUrl?: string | null;
};

const margin = { x: 40, top: 40, bottom: 50 };

function summaryBox(title: string, value: string): Content {
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: title, fontSize: 9, color: grey },
              { text: value, fontSize: 16, bold: true, color: red, margin: [0, 2, 0, 0] },
            ],
            fillColor: paleRed,
            margin: [8, 6, 8, 6],
          },
        ],
      ],
    },
    layout: 'noBorders',
  };
}

/**
 * Renders the statement as PDF bytes, gifts in date order. Throws Error if a gift falls outside the statement's
 * year (Asia/Shanghai); MissingGlyphError for a character the font lacks.
 */
export async function renderAnnualStatement(input: AnnualStatementInput): Promise<Buffer> {
  for (const d of input.donations) {
    if (toChinaDate(d.donatedAt).slice(0, 4) !== String(input.year)) {
      throw new Error(`Donation ${d.donationNumber} was not made in ${input.year}`);
    }
  }
  const donations = [...input.donations].sort((a, b) => a.donatedAt.getTime() - b.donatedAt.getTime());
  const total = donations.reduce((sum, d) => sum + BigInt(d.amountFen), 0n);
  const projectCount = new Set(donations.map((d) => d.projectName)).size;
  const qr = input.portalUrl ? await qrSvg(input.portalUrl) : null;

  const head = (text: string, alignment: 'left' | 'right' = 'left'): TableCell => ({
    text,
    bold: true,
    fontSize: 9,
    color: '#FFFFFF',
    fillColor: red,
    alignment,
  });
  const rows: TableCell[][] = donations.map((d, i) => {
    const fillColor = i % 2 === 1 ? '#F7F7F7' : undefined;
    return [
      { text: toChinaDate(d.donatedAt), fontSize: 8.5, fillColor },
      { text: d.donationNumber, fontSize: 8.5, fillColor },
      { text: d.projectName, fontSize: 8.5, fillColor },
      { text: fenToYuanString(d.amountFen), fontSize: 8.5, alignment: 'right', fillColor },
      { text: d.usageSummary, fontSize: 8.5, color: grey, fillColor },
    ];
  });
  if (rows.length === 0) {
    rows.push([
      { text: '本年度暂无捐赠记录', colSpan: 5, alignment: 'center', color: grey, fontSize: 9 },
      '',
      '',
      '',
      '',
    ]);
  }

  const details: Content[] = [
    { text: `捐赠人：${input.donorName}`, fontSize: 11, bold: true, color: ink },
    ...(input.donorIdMasked ? [{ text: `证件号码：${input.donorIdMasked}`, fontSize: 9, color: grey }] : []),
    { text: `统计期间：${input.year}年1月1日至${input.year}年12月31日`, fontSize: 9, color: grey },
    { text: `出具单位：${input.issuerName}`, fontSize: 9, color: grey },
    { text: `出具日期：${chineseDate(input.issuedAt)}`, fontSize: 9, color: grey },
  ];

  const doc: DocDefinition = {
    pageSize: 'A4',
    pageMargins: [margin.x, margin.top, margin.x, margin.bottom],
    info: { title: `${input.year}年度捐赠明细 ${input.donorName}`, author: input.issuerName },
    content: [
      {
        columns: [
          {
            width: '*',
            stack: [
              { text: `${input.year}年度捐赠明细`, fontSize: 22, bold: true, color: red },
              {
                text: 'ANNUAL DONATION STATEMENT',
                fontSize: 8,
                color: grey,
                characterSpacing: 2,
                margin: [0, 2, 0, 10],
              },
              ...details,
            ],
          },
          qr
            ? {
                width: 96,
                stack: [
                  { svg: qr, fit: [80, 80], alignment: 'right' },
                  { text: '扫码查看实时记录', fontSize: 7.5, color: grey, alignment: 'right', margin: [0, 4, 0, 0] },
                ],
              }
            : { width: 0, text: '' },
        ],
      },
      {
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 1.5, lineColor: red }],
        margin: [0, 10, 0, 12],
      },
      {
        columns: [
          summaryBox('捐赠笔数', `${donations.length} 笔`),
          summaryBox('捐赠总额', formatYuan(total)),
          summaryBox('支持项目', `${projectCount} 个`),
        ],
        columnGap: 10,
        margin: [0, 0, 0, 14],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [58, 84, '*', 62, 150],
          body: [
            [head('日期'), head('捐赠编号'), head('项目'), head('金额（元）', 'right'), head('善款去向')],
            ...rows,
            [
              { text: `合计 ${donations.length} 笔`, bold: true, fontSize: 9, colSpan: 3 },
              '',
              '',
              { text: fenToYuanString(total), bold: true, fontSize: 9, alignment: 'right' },
              { text: `大写：${amountInWords(total)}`, fontSize: 8.5, color: ink },
            ],
          ],
        },
        layout: {
          hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
            i === 0 || i === 1 || i === node.table.body.length - 1 || i === node.table.body.length ? 0.8 : 0.3,
          vLineWidth: () => 0,
          hLineColor: (i: number) => (i <= 1 ? red : lightGrey),
          paddingTop: () => 5,
          paddingBottom: () => 5,
        },
      },
      {
        text: [
          '说明：本明细依据本会账务记录生成，供捐赠人核对与留存；金额单位为人民币元。',
          '本明细不作为税前扣除凭证，税前扣除以公益事业捐赠票据为准。',
          '每笔善款的接收与使用均记入阳光红会公示链，可凭捐赠证书上的二维码独立核验。',
        ].join(''),
        fontSize: 8,
        color: grey,
        lineHeight: 1.4,
        margin: [0, 14, 0, 0],
      },
    ],
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        {
          text: `${input.issuerName} · ${input.year}年度捐赠明细 · ${input.donorName}`,
          fontSize: 7.5,
          color: lightGrey,
        },
        { text: `第 ${currentPage} 页 / 共 ${pageCount} 页`, fontSize: 7.5, color: lightGrey, alignment: 'right' },
      ],
      margin: [margin.x, 18, margin.x, 0],
    }),
  };
  return renderPdf(doc);
}
