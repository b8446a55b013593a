// PDF rendering with pdfmake and the shipped CJK font as every document's default font. A character the font
// lacks would vanish silently from the page, so every string in a document is checked first and a missing
// glyph fails loudly, naming the character.
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { cjkFont, cjkFontBytes, cjkFontFamily, cjkFontFiles, type FontWeight } from './fonts';

export type { Content, TableCell } from 'pdfmake/interfaces';
export type DocDefinition = TDocumentDefinitions;

/** Thrown when text holds characters the shipped font cannot draw. */
export class MissingGlyphError extends Error {
  readonly characters: string[];

  constructor(characters: string[]) {
    const listed = characters.map((c) => `'${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
    super(`The font ${cjkFontFamily} has no glyph for ${listed.join(', ')}; the text cannot be printed as written`);
    this.name = 'MissingGlyphError';
    this.characters = characters;
  }
}

// Layout characters that never need a glyph of their own.
const ignored = new Set([0x09, 0x0a, 0x0d, 0x200b]);
const coverage = new Map<number, boolean>();

function isCovered(codePoint: number): boolean {
  let covered = coverage.get(codePoint);
  if (covered === undefined) {
    const weights: FontWeight[] = ['normal', 'bold'];
    covered = ignored.has(codePoint) || weights.every((w) => cjkFont(w).hasGlyphForCodePoint(codePoint));
    coverage.set(codePoint, covered);
  }
  return covered;
}

/** The distinct characters of `texts` that the shipped font cannot draw, in order of first appearance. */
export function findMissingCharacters(...texts: string[]): string[] {
  const missing = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      if (!isCovered(char.codePointAt(0)!)) {
        missing.add(char);
      }
    }
  }
  return [...missing];
}

/** Throws MissingGlyphError naming each character of `texts` that the shipped font cannot draw. */
export function assertRenderable(...texts: string[]): void {
  const missing = findMissingCharacters(...texts);
  if (missing.length > 0) {
    throw new MissingGlyphError(missing);
  }
}

/** Every string anywhere in a document definition (text, table cells, SVG markup, watermark, metadata). */
function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      collectStrings(item, into);
    }
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const item of Object.values(value)) {
      collectStrings(item, into);
    }
  }
  return into;
}

/** A copy of the definition's arrays and plain objects: pdfmake rewrites the definition it is given in place. */
function cloneDefinition<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(cloneDefinition) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneDefinition(v)])) as T;
  }
  return value;
}

let configured = false;

function configurePdfmake(): void {
  if (configured) {
    return;
  }
  // pdfmake reads fonts from its virtual file system first; keying them by their real path lets the SVG renderer,
  // which opens fonts by path, find the same files.
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;
  vfs.writeFileSync(cjkFontFiles.normal, cjkFontBytes('normal'));
  vfs.writeFileSync(cjkFontFiles.bold, cjkFontBytes('bold'));
  pdfmake.setFonts({
    [cjkFontFamily]: {
      normal: cjkFontFiles.normal,
      bold: cjkFontFiles.bold,
      italics: cjkFontFiles.normal,
      bolditalics: cjkFontFiles.bold,
    },
  });
  // Documents are built from our own data only: no fetching of URLs, no reading of other local files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === cjkFontFiles.normal || path === cjkFontFiles.bold);
  configured = true;
}

/**
 * Renders a pdfmake document definition to PDF bytes, with Noto Sans SC as the default font (embedded as a
 * TrueType subset). Throws MissingGlyphError before rendering if any string in the definition has a character
 * the font lacks (text produced by header/footer/background functions is not seen: check it with assertRenderable).
 * Images must be given as data URLs; nothing is fetched. The definition given is left untouched.
 */
export async function renderPdf(doc: DocDefinition): Promise<Buffer> {
  configurePdfmake();
  assertRenderable(...collectStrings(doc));
  const definition: DocDefinition = {
    ...cloneDefinition(doc),
    defaultStyle: { font: cjkFontFamily, ...doc.defaultStyle },
    info: { creator: 'Boai', producer: 'Boai', ...doc.info },
  };
  return pdfmake.createPdf(definition).getBuffer();
}

/** A PNG as a data URL for a pdfmake image node. */
export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
