// Documents of stem-cell registration: the registration certificate (登记证书, A5 landscape, with a QR code of the public
// check page that shows only the masked name and status) and the sample tube label (50 × 30 mm, barcode as QR + text).
import { chineseDate } from '../../platform/documents/chinese-date';
import { findMissingCharacters, pngDataUrl, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';

/** Replaces characters the shipped font cannot draw with 〇 so the document always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const red = '#c8102e';

export async function renderStemCellCertificate(input: {
  name: string;
  registrationNo: string;
  orgName: string;
  registeredAt: Date;
  checkUrl: string;
}): Promise<Buffer> {
  const qr = await qrPng(input.checkUrl, { width: 400, margin: 1, errorCorrectionLevel: 'M' });
  return renderPdf({
    pageSize: 'A5',
    pageOrientation: 'landscape',
    pageMargins: [40, 36, 40, 30],
    info: { title: `造血干细胞捐献志愿者登记证书 ${input.registrationNo}` },
    background: () => ({
      canvas: [
        { type: 'rect', x: 14, y: 14, w: 567.28, h: 391.89, lineWidth: 3, lineColor: red },
        { type: 'rect', x: 20, y: 20, w: 555.28, h: 379.89, lineWidth: 0.8, lineColor: red },
      ],
    }),
    content: [
      { text: '中华骨髓库', fontSize: 12, color: red, alignment: 'center', margin: [0, 4, 0, 2] },
      { text: '造血干细胞捐献志愿者登记证书', fontSize: 22, bold: true, color: red, alignment: 'center' },
      {
        columns: [
          {
            width: '*',
            stack: [
              {
                text: [
                  { text: printable(input.name), bold: true, fontSize: 16 },
                  { text: ' 同志:', fontSize: 13 },
                ],
                margin: [0, 26, 0, 10],
              },
              {
                text: '您已自愿加入中华骨髓库,成为造血干细胞捐献志愿者。您的善举为血液病患者点亮生的希望。特发此证,以资感谢。',
                fontSize: 12,
                lineHeight: 1.5,
              },
              { text: `登记编号:${input.registrationNo}`, fontSize: 10, margin: [0, 16, 0, 2] },
              { text: `登记单位:${printable(input.orgName)}`, fontSize: 10 },
              { text: `登记日期:${chineseDate(input.registeredAt)}`, fontSize: 10 },
            ],
          },
          {
            width: 130,
            stack: [
              { image: pngDataUrl(qr), fit: [110, 110], alignment: 'center', margin: [0, 30, 0, 4] },
              { text: '扫码核验登记状态', fontSize: 8, alignment: 'center', color: '#555555' },
            ],
          },
        ],
      },
      {
        text: '您可在采集前任何时候撤销登记;初配成功后请慎重,可能有患者正在等待。',
        fontSize: 8.5,
        color: '#555555',
        alignment: 'center',
        margin: [0, 22, 0, 0],
      },
    ],
  });
}

/** A 50 × 30 mm tube label: the barcode as a QR code and in large text, the registration number and date. */
export async function renderSampleLabel(input: {
  barcode: string;
  registrationNo: string;
  collectedOn: string;
  volumeMl: number;
}): Promise<Buffer> {
  const qr = await qrPng(input.barcode, { width: 240, margin: 1, errorCorrectionLevel: 'M' });
  const mm = 2.8346;
  return renderPdf({
    pageSize: { width: 50 * mm, height: 30 * mm },
    pageMargins: [4, 4, 4, 2],
    info: { title: `HLA ${input.barcode}` },
    content: [
      {
        columns: [
          { width: 52, image: pngDataUrl(qr), fit: [52, 52] },
          {
            width: '*',
            margin: [4, 0, 0, 0],
            stack: [
              { text: 'HLA 血样', fontSize: 7, bold: true, color: red },
              { text: input.barcode, fontSize: 7.5, bold: true, margin: [0, 2, 0, 2] },
              { text: input.registrationNo, fontSize: 5.5 },
              { text: `${input.collectedOn} · ${input.volumeMl} ml`, fontSize: 5.5 },
            ],
          },
        ],
      },
      { text: input.barcode, fontSize: 9, bold: true, alignment: 'center', margin: [0, 3, 0, 0] },
    ],
  });
}
