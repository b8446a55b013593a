// renderPdf: Chinese text comes back out of the PDF, the font is embedded (so it shows on a machine with no CJK
// font), and a character the font lacks stops the render instead of vanishing from the page.
import { describe, expect, it } from 'vitest';
import { assertRenderable, MissingGlyphError, renderPdf } from './pdf';
import { hasPoppler, inkCoverage, pdfFonts, pdfText, rasterizePdf, squeeze } from './pdf-inspect';
import { qrSvg } from './qr';

const samples = ['捐赠证书', '王堃、李昇、张喆、刘䶮', '¥1,234.50 ￥50', '（全角标点：，。；！？）《测试》'];

describe('renderPdf', () => {
  it('writes a PDF', async () => {
    const pdf = await renderPdf({ content: samples });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it.skipIf(!hasPoppler)('gives back every Chinese string it was given (needs poppler-utils)', async () => {
    const pdf = await renderPdf({
      content: [
        { text: samples[0], bold: true, fontSize: 20 },
        samples[1],
        { table: { body: [[samples[2], samples[3]]] } },
      ],
    });
    const text = squeeze(pdfText(pdf));
    for (const sample of samples) {
      expect(text).toContain(squeeze(sample));
    }
  });

  it.skipIf(!hasPoppler)(
    'embeds Noto Sans SC as a TrueType subset and no other font (needs poppler-utils)',
    async () => {
      const pdf = await renderPdf({ content: [{ text: samples[0], bold: true }, samples[1]] });
      const fonts = pdfFonts(pdf);
      expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
        'NotoSansSC-Bold',
        'NotoSansSC-Regular',
      ]);
      for (const font of fonts) {
        expect(font).toMatchObject({ type: 'CID TrueType', embedded: true, subset: true, unicode: true });
      }
    },
  );

  it.skipIf(!hasPoppler)('draws its text with no system font installed (needs poppler-utils)', async () => {
    const withText = await renderPdf({ content: [{ text: '王堃', fontSize: 200 }] });
    const blank = await renderPdf({ content: [{ text: ' ', fontSize: 200 }] });
    const [page] = rasterizePdf(withText, 30);
    const [blankPage] = rasterizePdf(blank, 30);
    expect(inkCoverage(blankPage)).toBe(0);
    expect(inkCoverage(page)).toBeGreaterThan(0.02);
  });

  it('draws SVG content with QR codes', async () => {
    const pdf = await renderPdf({ content: [{ svg: await qrSvg('https://example.org/x'), width: 100 }] });
    expect(pdf.length).toBeGreaterThan(1000);
  });
});

describe('glyph coverage', () => {
  it('accepts text the font can draw', () => {
    expect(() => assertRenderable(...samples, '')).not.toThrow();
  });

  it.each([
    ['a private-use character', '王\uE000', 'U+E000'],
    ['an emoji', '李😀', 'U+1F600'],
    ['a CJK Extension B character', '𠮷野', 'U+20BB7'],
  ])('refuses %s, naming it', (_what, name, codePoint) => {
    expect(() => assertRenderable('捐赠人：', name)).toThrow(codePoint);
    try {
      assertRenderable(name);
    } catch (error) {
      expect(error).toBeInstanceOf(MissingGlyphError);
      expect((error as MissingGlyphError).characters).toEqual([
        [...name].find((c) => c !== '王' && c !== '李' && c !== '野'),
      ]);
    }
  });

  it('refuses to render a document with a missing glyph anywhere in it', async () => {
    await expect(renderPdf({ content: ['捐赠人：王\uE000'] })).rejects.toThrow(MissingGlyphError);
    await expect(renderPdf({ content: [{ table: { body: [['姓名', '张😀']] } }] })).rejects.toThrow('U+1F600');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>\uE001</text></svg>';
    await expect(renderPdf({ content: [{ svg }] })).rejects.toThrow('U+E001');
  });
});
