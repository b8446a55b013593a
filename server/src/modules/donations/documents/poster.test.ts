// The project poster, as PNG and as PDF: the QR code scans to the donate URL, the text is drawn with the shipped
// font (no system fonts are loaded), and a character the font lacks is refused.
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
import { type ProjectPosterInput, renderProjectPosterPdf, renderProjectPosterPng } from './poster';

const input: ProjectPosterInput = {
  projectName: '“救在身边”AED配置公益项目',
  ownerUnitName: '绍兴市红十字会',
  description: '为全市公共场所配置自动体外除颤器（AED），让每一次心脏骤停都有人施救。',
  targetFen: 50_000_000,
  raisedFen: 12_345_600,
  donateUrl: 'https://boai.example.org/donate/p/8f14e45f-ceea-467f-a0e6-1b0e2d5d3c7a',
};

function pngSize(png: Buffer): [number, number] {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('renderProjectPosterPng', () => {
  it('draws an A4-shaped PNG whose QR code scans to the donate URL', async () => {
    const png = await renderProjectPosterPng(input);
    expect(pngSize(png)).toEqual([1191, 1684]);
    expect(decodeQr(png)).toBe(input.donateUrl);
  });

  it('draws the text: posters that differ only in wording differ in pixels', async () => {
    const a = await renderProjectPosterPng(input, 1);
    const same = await renderProjectPosterPng(input, 1);
    const b = await renderProjectPosterPng({ ...input, projectName: '“救在身边”AED配置公益项日' }, 1);
    expect(a.equals(same)).toBe(true);
    expect(a.equals(b)).toBe(false);
  });

  it('works without target or raised amounts and with a very long name', async () => {
    const png = await renderProjectPosterPng({
      ...input,
      projectName: '博爱家园社区应急救护能力提升与防灾减灾宣传教育综合公益项目'.repeat(3),
      targetFen: null,
      raisedFen: null,
    });
    expect(decodeQr(png)).toBe(input.donateUrl);
  });

  it('refuses a character the font cannot draw', async () => {
    await expect(renderProjectPosterPng({ ...input, projectName: '爱心😀' })).rejects.toThrow(MissingGlyphError);
  });
});

describe('renderProjectPosterPdf', () => {
  it.skipIf(!hasPoppler)('puts the poster on one A4 page with its text extractable (needs poppler-utils)', async () => {
    const pdf = await renderProjectPosterPdf(input);
    expect(pdfPageCount(pdf)).toBe(1);
    const text = squeeze(pdfText(pdf));
    for (const expected of [
      input.projectName,
      input.ownerUnitName,
      input.description,
      '已筹¥123,456.00',
      '目标¥500,000.00',
      '24.6%',
      '扫码捐赠',
    ]) {
      expect(text).toContain(squeeze(expected));
    }
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.type === 'CID TrueType')).toBe(true);
  });

  it.skipIf(!hasPoppler)('has a QR code that scans to the donate URL (needs poppler-utils)', async () => {
    const [page] = rasterizePdf(await renderProjectPosterPdf(input), 100);
    expect(decodeQr(page)).toBe(input.donateUrl);
  });

  it('refuses a character the font cannot draw', async () => {
    await expect(renderProjectPosterPdf({ ...input, ownerUnitName: '\uE000红十字会' })).rejects.toThrow('U+E000');
  });
});
