// The certificate of service hours (志愿服务证明), A4 portrait: who, which unit, the period and the certified hours,
// the activities in it, and a QR code of the verification page.
import { type Content, findMissingCharacters, pngDataUrl, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';

export type ServiceCertificateInput = {
  name: string;
  volunteerNo: string;
  orgName: string;
  from: string;
  to: string;
  minutes: number;
  rows: { date: string; title: string; minutes: number }[];
  code: string;
  verifyUrl: string;
  issuedOn: string;
};

/** Replaces characters the shipped font cannot draw with 〇, so the certificate always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const hours = (minutes: number) => (minutes / 60).toFixed(1);
const red = '#c8102e';

export async function renderServiceCertificatePdf(input: ServiceCertificateInput): Promise<Buffer> {
  const qr = await qrPng(input.verifyUrl, { width: 300, margin: 1, errorCorrectionLevel: 'M' });
  const table: Content = {
    table: {
      headerRows: 1,
      widths: [80, '*', 60],
      body: [
        [
          { text: '日期', bold: true },
          { text: '服务活动', bold: true },
          { text: '时长(小时)', bold: true },
        ],
        ...input.rows.map((r) => [r.date, printable(r.title), hours(r.minutes)]),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 9,
    margin: [0, 10, 0, 10],
  };
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    info: { title: `志愿服务证明 ${input.code}` },
    content: [
      { text: '志愿服务证明', fontSize: 26, bold: true, color: red, alignment: 'center', margin: [0, 0, 0, 20] },
      {
        text: [
          '兹证明 ',
          { text: printable(input.name), bold: true },
          `(志愿者编号 ${input.volunteerNo})为 `,
          { text: printable(input.orgName), bold: true },
          ` 注册志愿者,于 ${input.from} 至 ${input.to} 期间参加志愿服务 ${input.rows.length} 次,经认定累计服务时长 `,
          { text: `${hours(input.minutes)} 小时`, bold: true, color: red },
          '。',
        ],
        fontSize: 13,
        lineHeight: 1.6,
      },
      input.rows.length > 0 ? table : { text: '' },
      {
        columns: [
          { image: pngDataUrl(qr), width: 90 },
          {
            stack: [
              { text: `证明编号:${input.code}`, fontSize: 9 },
              { text: '扫描二维码核验本证明的真实性', fontSize: 9, color: '#555555' },
              { text: input.verifyUrl, fontSize: 7, color: '#777777' },
            ],
            margin: [10, 20, 0, 0],
          },
          {
            stack: [
              { text: printable(input.orgName), fontSize: 12, alignment: 'right' },
              { text: input.issuedOn, fontSize: 11, alignment: 'right', margin: [0, 6, 0, 0] },
            ],
            margin: [0, 30, 0, 0],
          },
        ],
        margin: [0, 20, 0, 0],
      },
    ],
  });
}
