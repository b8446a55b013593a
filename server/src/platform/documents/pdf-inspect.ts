// For tests only: looks at rendered documents from outside, as a reader would — poppler's text extraction, font
// list and rasteriser (with no system fonts, so nothing can stand in for a missing embedded font) and a QR decoder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const bin = (tool: string) => `/usr/bin/${tool}`;

export const hasPoppler = ['pdftotext', 'pdffonts', 'pdfinfo', 'pdftoppm'].every((tool) => fs.existsSync(bin(tool)));

/** Runs `fn` with the PDF written to a fresh temporary folder, removed afterwards. */
function withPdfFile<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boai-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare environment (nothing inherited) whose fontconfig, written into `dir`, knows no fonts at all. */
function noSystemFonts(dir: string): Record<string, string> {
  const conf = path.join(dir, 'empty-fonts.conf');
  fs.writeFileSync(conf, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
  return { FONTCONFIG_FILE: conf, FONTCONFIG_PATH: dir, HOME: dir };
}

/** The text poppler extracts from a PDF, all pages. */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync(bin('pdftotext'), ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** Text with all white space removed, for comparing what was written with what comes back out. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean };

/** The fonts a PDF uses, as pdffonts lists them. */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = withPdfFile(pdf, (file) => execFileSync(bin('pdffonts'), [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // name, type (may hold spaces), encoding, emb, sub, uni, object id, generation
      const cols = line.trim().split(/\s+/);
      const [emb, sub, uni] = cols.slice(-5, -2);
      return {
        name: cols[0],
        type: cols.slice(1, -6).join(' '),
        embedded: emb === 'yes',
        subset: sub === 'yes',
        unicode: uni === 'yes',
      };
    });
}

export function pdfPageCount(pdf: Buffer): number {
  const out = withPdfFile(pdf, (file) => execFileSync(bin('pdfinfo'), [file], { encoding: 'utf8' }));
  return Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
}

/** Each page as a PNG at `dpi`, drawn with no system fonts available. */
export function rasterizePdf(pdf: Buffer, dpi: number): Buffer[] {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync(bin('pdftoppm'), ['-r', String(dpi), '-png', file, path.join(dir, 'page')], {
      env: noSystemFonts(dir),
    });
    return fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f)));
  });
}

/** The text of the QR code found in a PNG, or null when none can be read. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const found = jsQR(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  );
  return found?.data ?? null;
}

/** Share of pixels that are not near-white: a blank page scores 0. */
export function inkCoverage(png: Buffer): number {
  const image = PNG.sync.read(png);
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i] < 200 || image.data[i + 1] < 200 || image.data[i + 2] < 200) {
      inked++;
    }
  }
  return inked / (image.width * image.height);
}
