// The printable QR sticker for a device (A6, portrait): a big "AED 自动体外除颤器" heading, the QR code of the device's
// public page, the device code and where it is, and "call 120". Staff print it and stick it on the cabinet.
import { findMissingCharacters, pngDataUrl, renderPdf } from '../../platform/documents/pdf';
import { qrPng } from '../../platform/documents/qr';

export type StickerInput = {
  code: string;
  place: string;
  address: string;
  hoursText: string;
  unitName: string;
  url: string;
};

/** Replaces characters the shipped font cannot draw with 〇 so the sticker always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const green = '#00875a';

export async function renderAedStickerPdf(input: StickerInput): Promise<Buffer> {
  const qr = await qrPng(input.url, { width: 600, margin: 2, errorCorrectionLevel: 'Q' });
  return renderPdf({
    pageSize: 'A6',
    pageOrientation: 'portrait',
    pageMargins: [20, 18, 20, 16],
    info: { title: `AED ${input.code}` },
    background: () => ({
      canvas: [
        { type: 'rect', x: 8, y: 8, w: 281.28, h: 403.56, r: 10, lineWidth: 3, lineColor: green },
        { type: 'rect', x: 8, y: 8, w: 281.28, h: 74, r: 10, color: green },
      ],
    }),
    content: [
      { text: 'AED', fontSize: 34, bold: true, color: '#ffffff', alignment: 'center', margin: [0, 0, 0, 0] },
      {
        text: '自动体外除颤器',
        fontSize: 16,
        bold: true,
        color: '#ffffff',
        alignment: 'center',
        margin: [0, -4, 0, 12],
      },
      { image: pngDataUrl(qr), fit: [150, 150], alignment: 'center', margin: [0, 4, 0, 2] },
      { text: '扫码查看位置与开放时间 · 报告设备问题', fontSize: 8.5, alignment: 'center', color: '#333333' },
      { text: input.code, fontSize: 14, bold: true, alignment: 'center', margin: [0, 6, 0, 4] },
      { text: printable(input.place), fontSize: 10, bold: true, alignment: 'center' },
      { text: printable(input.address), fontSize: 8, alignment: 'center', color: '#555555', margin: [0, 2, 0, 0] },
      input.hoursText
        ? { text: `开放时间:${printable(input.hoursText)}`, fontSize: 8, alignment: 'center', color: '#555555' }
        : { text: '' },
      {
        text: '心脏骤停:先拨打 120,立即胸外按压,取来AED按语音提示操作',
        fontSize: 8.5,
        bold: true,
        color: '#c8102e',
        alignment: 'center',
        margin: [0, 8, 0, 2],
      },
      { text: `管理单位:${printable(input.unitName)}`, fontSize: 7.5, alignment: 'center', color: '#777777' },
    ],
  });
}
