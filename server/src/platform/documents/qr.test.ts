// QR codes: what is drawn must scan back to exactly the text given, in every form we draw it.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { decodeQr } from './pdf-inspect';
import { qrModulesPath, qrPng, qrSvg } from './qr';

const texts = [
  'https://boai.example.org/trace/12345?proof=1',
  'https://boai.example.org/donate/p/8f14e45f-ceea-467f-a0e6-1b0e2d5d3c7a',
  '公益事业捐赠票据|33060125|0000012345|a1b2c3|1234.50',
];

describe('qrPng', () => {
  it.each(texts)('draws a PNG that decodes back to %s', async (text) => {
    const png = await qrPng(text);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(decodeQr(png)).toBe(text);
  });

  it('honours the requested width and error correction level', async () => {
    const small = await qrPng(texts[0], { width: 200, errorCorrectionLevel: 'H' });
    expect(small.readUInt32BE(16)).toBe(200);
    expect(decodeQr(small)).toBe(texts[0]);
  });
});

describe('qrSvg and qrModulesPath', () => {
  it('draws an SVG that decodes back to the text once rasterised', async () => {
    const svg = await qrSvg(texts[1], { margin: 4 });
    expect(svg).toMatch(/^<svg[^>]*viewBox/);
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 400 } }).render().asPng();
    expect(decodeQr(png)).toBe(texts[1]);
  });

  it('gives module paths that decode back to the text when placed in a larger picture', () => {
    const { size, d } = qrModulesPath(texts[2]);
    const scale = 8;
    const total = (size + 8) * scale + 100;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${total}"><rect width="100%" height="100%" fill="#fff"/><path transform="translate(${50 + 4 * scale} ${50 + 4 * scale}) scale(${scale})" d="${d}"/></svg>`;
    const png = new Resvg(svg).render().asPng();
    expect(decodeQr(png)).toBe(texts[2]);
  });

  it('decodes to something else for other text, so the check above can fail', async () => {
    expect(decodeQr(await qrPng(`${texts[0]}x`))).not.toBe(texts[0]);
  });
});
