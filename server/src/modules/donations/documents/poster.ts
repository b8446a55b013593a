// A project's donation poster: project name, owner unit, a line of description, optional progress, and a big QR
// code to the donate page under 扫码捐赠. One SVG layout drawn with the shipped font, rendered to PNG by resvg
// (for sharing) and placed on an A4 page (for printing), so both look the same.
import { Resvg } from '@resvg/resvg-js';
import { cjkFontFamily, cjkFontFiles, type FontWeight, wrapText } from '../../../platform/documents/fonts';
import { assertRenderable, renderPdf } from '../../../platform/documents/pdf';
import { qrModulesPath } from '../../../platform/documents/qr';
import { formatYuan } from '../../../platform/money';
import { escapeXml, grey, ink, paleRed, red } from './document-theme';

export type ProjectPosterInput = {
  projectName: string;
  /** The unit running the project, e.g. 绍兴市红十字会. */
  ownerUnitName: string;
  /** One line about the project (wrapped to at most three lines). */
  description: string;
  targetFen?: number | bigint | null;
  raisedFen?: number | bigint | null;
  /** The public donate page; encoded in the QR code. */
  donateUrl: string;
};

/** The poster's size in points (A4 portrait); the PNG is drawn at `scale` pixels per point. */
const width = 595.28;
const height = 841.89;
const side = 48;

type Line = { text: string; y: number; size: number; weight: FontWeight; color: string; anchor?: 'middle' };

function textLines(
  text: string,
  top: number,
  size: number,
  weight: FontWeight,
  color: string,
  maxLines: number,
  anchor?: 'middle',
): { lines: Line[]; bottom: number } {
  const wrapped = wrapText(text, width - 2 * side, size, weight);
  const kept = wrapped.slice(0, maxLines);
  if (wrapped.length > maxLines) {
    kept[maxLines - 1] = `${[...kept[maxLines - 1]].slice(0, -1).join('')}…`;
  }
  const lineHeight = size * 1.4;
  const lines = kept.map((t, i) => ({ text: t, y: top + size + i * lineHeight, size, weight, color, anchor }));
  return { lines, bottom: top + kept.length * lineHeight };
}

function progress(input: ProjectPosterInput, top: number): { svg: string; bottom: number } {
  const raised = input.raisedFen == null ? null : BigInt(input.raisedFen);
  const target = input.targetFen == null ? null : BigInt(input.targetFen);
  if (raised === null && target === null) {
    return { svg: '', bottom: top };
  }
  const parts: string[] = [];
  const label = [
    raised !== null ? `已筹 ${formatYuan(raised)}` : '',
    target !== null ? `目标 ${formatYuan(target)}` : '',
  ]
    .filter(Boolean)
    .join('　/　');
  parts.push(text({ text: label, y: top + 14, size: 14, weight: 'bold', color: ink }, side));
  if (raised !== null && target !== null && target > 0n) {
    const percent = Number((raised * 1000n) / target) / 10;
    const barWidth = width - 2 * side;
    const filled = Math.min(1, percent / 100) * barWidth;
    parts.push(
      `<rect x="${side}" y="${top + 26}" width="${barWidth}" height="10" rx="5" fill="${paleRed}"/>`,
      filled > 0
        ? `<rect x="${side}" y="${top + 26}" width="${filled.toFixed(2)}" height="10" rx="5" fill="${red}"/>`
        : '',
      text({ text: `${percent.toFixed(1)}%`, y: top + 14, size: 14, weight: 'bold', color: red }, width - side, 'end'),
    );
    return { svg: parts.join(''), bottom: top + 44 };
  }
  return { svg: parts.join(''), bottom: top + 22 };
}

function text(line: Line, x: number, anchor: 'start' | 'middle' | 'end' = line.anchor ?? 'start'): string {
  return `<text x="${x}" y="${line.y.toFixed(2)}" font-family="${cjkFontFamily}" font-size="${line.size}" font-weight="${line.weight === 'bold' ? 700 : 400}" fill="${line.color}" text-anchor="${anchor}">${escapeXml(line.text)}</text>`;
}

/** The poster as an SVG document in points; every text uses the shipped font. */
export function buildProjectPosterSvg(input: ProjectPosterInput): string {
  assertRenderable(input.projectName, input.ownerUnitName, input.description);
  const parts: string[] = [];

  // The red header: owner unit, then the project name in large type.
  const unit: Line = { text: input.ownerUnitName, y: 62, size: 15, weight: 'bold', color: '#FFFFFF' };
  const title = textLines(input.projectName, 84, 30, 'bold', '#FFFFFF', 3);
  const bandBottom = title.bottom + 30;
  parts.push(
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    `<rect width="${width}" height="${bandBottom.toFixed(2)}" fill="${red}"/>`,
    // A small white cross before the unit name.
    `<path d="M${side + 4} 47h6v6h6v6h-6v6h-6v-6h-6v-6h6z" fill="#FFFFFF"/>`,
    text(unit, side + 24),
    ...title.lines.map((l) => text(l, side)),
  );

  const description = textLines(input.description, bandBottom + 24, 14, 'normal', grey, 3);
  parts.push(...description.lines.map((l) => text(l, side)));
  const bar = progress(input, description.bottom + 18);
  parts.push(bar.svg);

  // The QR card and its caption sit in the middle of the space left, the code as large as fits (240–340 pt).
  const captionHeight = 88;
  const regionTop = bar.bottom + 24;
  const regionHeight = height - 30 - regionTop;
  const cardSize = Math.max(240, Math.min(340, regionHeight - captionHeight));
  const cardTop = regionTop + Math.max(0, (regionHeight - cardSize - captionHeight) / 2);
  const cardX = (width - cardSize) / 2;
  const qr = qrModulesPath(input.donateUrl, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const moduleSize = cardSize / (qr.size + 2 * quiet);
  parts.push(
    `<rect x="${cardX.toFixed(2)}" y="${cardTop.toFixed(2)}" width="${cardSize.toFixed(2)}" height="${cardSize.toFixed(2)}" rx="10" fill="#FFFFFF" stroke="${red}" stroke-width="2"/>`,
    `<path fill="#000000" transform="translate(${(cardX + quiet * moduleSize).toFixed(3)} ${(cardTop + quiet * moduleSize).toFixed(3)}) scale(${moduleSize.toFixed(5)})" d="${qr.d}"/>`,
  );

  const captionTop = cardTop + cardSize + 18;
  parts.push(
    text({ text: '扫码捐赠', y: captionTop + 34, size: 34, weight: 'bold', color: red }, width / 2, 'middle'),
    text(
      { text: '微信或支付宝扫一扫 · 每一笔善款公开可查', y: captionTop + 62, size: 12, weight: 'normal', color: grey },
      width / 2,
      'middle',
    ),
    `<rect y="${height - 10}" width="${width}" height="10" fill="${red}"/>`,
  );

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    ...parts,
    '</svg>',
  ].join('');
}

/** The poster as a PNG, `scale` pixels per point (default 2: 1191 × 1684 px). Throws MissingGlyphError likewise. */
export async function renderProjectPosterPng(input: ProjectPosterInput, scale = 2): Promise<Buffer> {
  const svg = buildProjectPosterSvg(input);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [cjkFontFiles.normal, cjkFontFiles.bold],
      defaultFontFamily: cjkFontFamily,
    },
  });
  return resvg.render().asPng();
}

/** The poster on one A4 page as PDF bytes, text kept as text in the embedded font. */
export async function renderProjectPosterPdf(input: ProjectPosterInput): Promise<Buffer> {
  const svg = buildProjectPosterSvg(input);
  return renderPdf({
    pageSize: 'A4',
    pageMargins: 0,
    info: { title: `${input.projectName} 捐赠海报`, author: input.ownerUnitName },
    content: [{ svg, width, absolutePosition: { x: 0, y: 0 } }],
  });
}
