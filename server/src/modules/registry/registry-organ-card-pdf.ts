// The registration card (登记卡) of an organ or body donation intent: one A6 landscape card with the masked name and ID
// number, the registration number, what is donated, the registering unit and date, and the QR of the public check page
// (which shows only the masked name and whether the registration stands).
import { type Content, findMissingCharacters, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';

export type CardInput = {
  kind: 'organ' | 'body';
  regNo: string;
  name: string;
  idNumberMasked: string;
  what: string;
  orgName: string;
  registeredOn: string;
  status: 'active' | 'withdrawn' | 'deceased' | 'realised';
  checkUrl: string;
};

const red = '#c8102e';
const printable = (text: string) => {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
};
const cnDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export async function renderRegistrationCard(input: CardInput): Promise<Buffer> {
  const qr = await qrPng(input.checkUrl, { width: 300, margin: 1 });
  const line = (label: string, value: string): Content => ({
    columns: [
      { text: label, width: 64, color: '#555555', fontSize: 9 },
      { text: printable(value), fontSize: 10, bold: true },
    ],
    margin: [0, 0, 0, 5],
  });
  const title = input.kind === 'organ' ? '人体器官捐献志愿登记卡' : '遗体(组织)捐献登记卡';
  return renderPdf({
    pageSize: 'A6',
    pageOrientation: 'landscape',
    pageMargins: [24, 20, 24, 16],
    info: { title: `${title} ${input.regNo}` },
    watermark: input.status === 'withdrawn' ? { text: '已撤销', color: red, opacity: 0.25, bold: true } : undefined,
    background: () => ({
      canvas: [{ type: 'rect', x: 8, y: 8, w: 403, h: 281, lineWidth: 1.5, lineColor: red }],
    }),
    content: [
      { text: '中国红十字会', alignment: 'center', color: red, fontSize: 9 },
      { text: title, alignment: 'center', color: red, fontSize: 16, bold: true, margin: [0, 2, 0, 10] },
      {
        columns: [
          {
            width: '*',
            stack: [
              line('姓    名', input.name),
              line('身份证号', input.idNumberMasked),
              line('登记编号', input.regNo),
              line('捐献内容', input.what),
              line('登记机构', input.orgName),
              line('登记日期', cnDate(input.registeredOn)),
            ],
          },
          {
            width: 96,
            stack: [
              { image: `data:image/png;base64,${qr.toString('base64')}`, width: 88, alignment: 'center' },
              { text: '扫码查验登记状态', fontSize: 7, color: '#555555', alignment: 'center', margin: [0, 2, 0, 0] },
            ],
          },
        ],
        columnGap: 10,
      },
      {
        text: '感谢您的大爱之心。本人可随时变更或撤销登记;请将捐献意愿告知家人。',
        fontSize: 8,
        color: '#555555',
        margin: [0, 8, 0, 0],
      },
    ],
  });
}
