// The certificate PDF (救护员证): one landscape A5 card with the holder, masked ID number, course, issuing unit,
// number and dates, a photo slot, a seal slot and the QR code of the public verification link.
import { type Content, findMissingCharacters, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';

export type CertificatePdfInput = {
  title: string;
  certNo: string;
  holderName: string;
  idNumberMasked: string | null;
  courseName: string;
  unitName: string;
  issuedOn: string;
  validUntil: string;
  status: 'valid' | 'expired' | 'revoked';
  /** PNG or JPEG bytes of the holder's photo; null prints an empty framed box. */
  photo: Buffer | null;
  qrText: string;
};

/** Replaces characters the shipped font cannot draw (a rare name character) with 〇 so the card always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const cnDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

const red = '#c8102e';

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const qr = await qrPng(input.qrText, { width: 360, margin: 1 });
  const line = (label: string, value: string): Content => ({
    columns: [
      { text: label, width: 72, color: '#555555', fontSize: 11 },
      { text: printable(value), fontSize: 12, bold: true },
    ],
    margin: [0, 0, 0, 7],
  });
  const photo: Content = input.photo
    ? {
        image: `data:image/${input.photo[0] === 0x89 ? 'png' : 'jpeg'};base64,${input.photo.toString('base64')}`,
        fit: [84, 112],
      }
    : {
        stack: [
          {
            canvas: [
              { type: 'rect', x: 0, y: 0, w: 84, h: 112, lineWidth: 0.8, lineColor: '#999999', dash: { length: 3 } },
            ],
          },
          { text: '照片', color: '#999999', fontSize: 10, alignment: 'center', margin: [0, -64, 0, 0] },
        ],
      };
  const seal: Content = {
    stack: [
      {
        canvas: [
          { type: 'ellipse', x: 45, y: 45, r1: 44, r2: 44, lineWidth: 1.2, lineColor: red, dash: { length: 2 } },
        ],
      },
      { text: '(印章)', color: red, fontSize: 9, alignment: 'center', margin: [0, -52, 0, 0] },
    ],
  };
  const watermark =
    input.status === 'valid'
      ? undefined
      : { text: input.status === 'revoked' ? '已撤销' : '已过期', color: red, opacity: 0.25, bold: true };
  return renderPdf({
    pageSize: 'A5',
    pageOrientation: 'landscape',
    pageMargins: [36, 30, 36, 24],
    info: { title: `${input.title} ${input.certNo}` },
    watermark,
    background: () => ({
      canvas: [
        { type: 'rect', x: 14, y: 14, w: 567, h: 391, lineWidth: 2, lineColor: red },
        { type: 'rect', x: 19, y: 19, w: 557, h: 381, lineWidth: 0.6, lineColor: red },
      ],
    }),
    content: [
      { text: '中国红十字会', alignment: 'center', color: red, fontSize: 12, margin: [0, 6, 0, 2] },
      {
        text: printable(input.title),
        alignment: 'center',
        fontSize: 26,
        bold: true,
        color: red,
        margin: [0, 0, 0, 14],
      },
      {
        columns: [
          { width: 96, stack: [photo] },
          {
            width: '*',
            stack: [
              line('姓  名', input.holderName),
              line('身份证号', input.idNumberMasked ?? ''),
              line('培训课程', input.courseName),
              line('证书编号', input.certNo),
              line('发证日期', cnDate(input.issuedOn)),
              line('有效期至', cnDate(input.validUntil)),
            ],
          },
          {
            width: 110,
            stack: [
              { image: `data:image/png;base64,${qr.toString('base64')}`, width: 96, alignment: 'center' },
              { text: '扫码查验真伪', fontSize: 8, color: '#555555', alignment: 'center', margin: [0, 2, 0, 0] },
            ],
          },
        ],
        columnGap: 16,
      },
      {
        columns: [
          {
            width: '*',
            text: '持证人已完成红十字应急救护培训并通过理论与技能考核,具备现场应急救护的基本能力。',
            fontSize: 9,
            color: '#555555',
            margin: [0, 26, 0, 0],
          },
          { width: 92, stack: [seal] },
          {
            width: 150,
            text: printable(`发证单位:${input.unitName}`),
            fontSize: 10,
            alignment: 'right',
            margin: [0, 60, 0, 0],
          },
        ],
        margin: [0, 8, 0, 0],
      },
    ],
  });
}
