// The thank-you donation certificate (捐赠证书, no legal status): one A4 landscape page with the gift, the
// issuing unit's seal, and a QR code to the gift's public ledger entry with what the donor needs to prove it is
// theirs (entry index, leaf hash, commitment salt).
import { chineseDate } from '../../../platform/documents/chinese-date';
import { measureText } from '../../../platform/documents/fonts';
import { type Content, type DocDefinition, pngDataUrl, renderPdf } from '../../../platform/documents/pdf';
import { qrSvg } from '../../../platform/documents/qr';
import { amountInWords, formatYuan } from '../../../platform/money';
import { anonymousDonorName, chunkLines, grey, ink, lightGrey, red, standInSealSvg } from './document-theme';

export type DonationCertificateInput = {
  donationNumber: string;
  /** The name the donor chose to show; null for an anonymous gift (printed as 爱心人士). */
  donorName: string | null;
  amountFen: number | bigint;
  projectName: string;
  donatedAt: Date;
  /** The unit that issues the certificate, e.g. 绍兴市红十字会. */
  issuerName: string;
  /** Printed under the issuer's name; defaults to donatedAt. */
  issuedAt?: Date;
  /** The unit's seal as a PNG (transparent background); without it a plain red ring with the unit name is drawn. */
  sealPng?: Buffer | null;
  /** Public URL of the gift's ledger entry and proof; encoded in the QR code. */
  traceUrl: string;
  ledger: {
    index: number | bigint;
    leafHashHex: string;
    /** The salt of the donor's identity commitment in the leaf. */
    salt: string;
  };
  /** Replaces the default thank-you sentence. */
  thanks?: string;
};

const defaultThanks = '您的善举将化作温暖，传递给需要帮助的人。衷心感谢您对红十字人道事业的支持与信任！';

const page = { width: 841.89, height: 595.28 };
// The body (salutation and paragraphs) runs from about here down to the QR block.
const bodyTop = 205;
const bodyIndent = 30;
const margin = { x: 78, top: 64, bottom: 44 };
const bottomBlockY = 396;

function background(): Content {
  return {
    canvas: [
      { type: 'rect', x: 18, y: 18, w: page.width - 36, h: page.height - 36, lineWidth: 3, lineColor: red },
      { type: 'rect', x: 25, y: 25, w: page.width - 50, h: page.height - 50, lineWidth: 0.8, lineColor: red },
      // Corner marks inside the inner frame.
      ...[
        [33, 33, 1, 1],
        [page.width - 33, 33, -1, 1],
        [33, page.height - 33, 1, -1],
        [page.width - 33, page.height - 33, -1, -1],
      ].map(([x, y, dx, dy]) => ({
        type: 'polyline' as const,
        points: [
          { x, y: y + dy * 22 },
          { x, y },
          { x: x + dx * 22, y },
        ],
        lineWidth: 2,
        lineColor: red,
      })),
    ],
  };
}

/**
 * The issuing unit's name and date at the bottom right. A seal image is stamped over them, as a real seal is; the
 * drawn stand-in ring sits above them instead, so that it never covers the text.
 */
function issuerBlock(input: DonationCertificateInput): Content[] {
  const width = 240;
  const x = page.width - margin.x - width;
  const sealSize = input.sealPng ? 112 : 80;
  const textY = input.sealPng ? bottomBlockY + 36 : bottomBlockY + sealSize + 4;
  const names: Content = {
    absolutePosition: { x, y: textY },
    columns: [
      {
        width,
        stack: [
          { text: input.issuerName, fontSize: 16, bold: true, color: ink, alignment: 'center' },
          {
            text: chineseDate(input.issuedAt ?? input.donatedAt),
            fontSize: 13,
            color: ink,
            alignment: 'center',
            margin: [0, 6, 0, 0],
          },
        ],
      },
    ],
  };
  const sealAt = { x: x + (width - sealSize) / 2, y: bottomBlockY - 6 };
  if (input.sealPng) {
    return [names, { image: pngDataUrl(input.sealPng), fit: [sealSize, sealSize], absolutePosition: sealAt }];
  }
  return [{ svg: standInSealSvg(input.issuerName), width: sealSize, absolutePosition: sealAt }, names];
}

/**
 * The largest font size (15 pt down to 11 pt) at which the two body paragraphs fit above the QR block; long project
 * names and thank-you texts get smaller type rather than running into it. Throws if even 11 pt is too big.
 */
function bodyFontSize(paragraphs: string[]): number {
  const width = page.width - 2 * margin.x;
  for (const size of [15, 14, 13, 12, 11]) {
    const lineHeight = size * 1.45 * 1.6;
    const lines = paragraphs.reduce(
      (sum, p) => sum + Math.ceil((measureText(p, size, 'bold') + bodyIndent) / width),
      0,
    );
    if (bodyTop + lines * lineHeight + 8 <= bottomBlockY - 12) {
      return size;
    }
  }
  throw new Error('The certificate text is too long to fit on the page; shorten the project name or the thanks');
}

/** Renders the certificate as PDF bytes. Throws MissingGlyphError if a name holds a character the font lacks. */
export async function renderDonationCertificate(input: DonationCertificateInput): Promise<Buffer> {
  const donor = input.donorName?.trim() || anonymousDonorName;
  const qr = await qrSvg(input.traceUrl, { errorCorrectionLevel: 'M' });
  const issuer = issuerBlock(input);
  const thanks = input.thanks ?? defaultThanks;
  const amountWords = `（大写：${amountInWords(input.amountFen)}）。`;
  const gift = `感谢您于${chineseDate(input.donatedAt)}向「${input.projectName}」捐赠人民币 ${formatYuan(input.amountFen)}${amountWords}`;
  const fontSize = bodyFontSize([gift, thanks]);
  const doc: DocDefinition = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [margin.x, margin.top, margin.x, margin.bottom],
    info: { title: `捐赠证书 ${input.donationNumber}`, subject: input.projectName, author: input.issuerName },
    background: () => background(),
    content: [
      { text: `编号：${input.donationNumber}`, alignment: 'right', fontSize: 9, color: grey, margin: [0, -22, 0, 0] },
      {
        text: '捐赠证书',
        alignment: 'center',
        fontSize: 40,
        bold: true,
        color: red,
        characterSpacing: 18,
        margin: [18, 6, 0, 0],
      },
      {
        text: 'CERTIFICATE  OF  DONATION',
        alignment: 'center',
        fontSize: 9,
        color: grey,
        characterSpacing: 3,
        margin: [0, 2, 0, 0],
      },
      { text: `${donor}：`, fontSize: 20, bold: true, color: ink, margin: [0, 30, 0, 10] },
      {
        leadingIndent: bodyIndent,
        text: [
          `感谢您于${chineseDate(input.donatedAt)}向「`,
          { text: input.projectName, bold: true },
          '」捐赠人民币 ',
          { text: formatYuan(input.amountFen), bold: true, color: red },
          { text: amountWords, noWrap: true },
        ],
        fontSize,
        lineHeight: 1.6,
        color: ink,
      },
      {
        leadingIndent: bodyIndent,
        text: thanks,
        fontSize,
        lineHeight: 1.6,
        color: ink,
        margin: [0, 4, 0, 0],
      },
      {
        absolutePosition: { x: margin.x, y: bottomBlockY },
        columns: [
          { width: 104, svg: qr, fit: [104, 104] },
          {
            width: 300,
            margin: [12, 0, 0, 0],
            stack: [
              { text: '扫码查看善款去向与公示链存证', fontSize: 10, bold: true, color: ink, margin: [0, 0, 0, 4] },
              { text: `公示链条目：第 ${input.ledger.index} 号`, fontSize: 8, color: grey },
              { text: '叶哈希（SHA-256）：', fontSize: 8, color: grey, margin: [0, 3, 0, 0] },
              { text: chunkLines(input.ledger.leafHashHex, 32), fontSize: 8, color: ink, lineHeight: 1.1 },
              { text: '承诺盐（请妥善保存，可证明此条目属于您）：', fontSize: 8, color: grey, margin: [0, 3, 0, 0] },
              { text: chunkLines(input.ledger.salt, 32), fontSize: 8, color: ink, lineHeight: 1.1 },
            ],
          },
        ],
      },
      ...issuer,
    ],
    footer: {
      text: '本证书为感谢凭证，不作为税前扣除凭证；税前扣除以公益事业捐赠票据为准。',
      fontSize: 7.5,
      color: lightGrey,
      margin: [margin.x, 6, margin.x, 0],
    },
  };
  return renderPdf(doc);
}
