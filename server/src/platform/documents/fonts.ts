// The CJK font that ships with the project: Noto Sans SC (SIL OFL 1.1) from the npm package
// @expo-google-fonts/noto-sans-sc, TrueType outlines (a CFF font subset by pdfkit comes out broken).
// Files are located through the package, read once and kept in memory; nothing is downloaded at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export type FontWeight = 'normal' | 'bold';

/** The family name documents use for the CJK font (in pdfmake styles and SVG font-family). */
export const cjkFontFamily = 'Noto Sans SC';

const require = createRequire(import.meta.url);

/** Absolute paths of the shipped font files, one per weight. */
export const cjkFontFiles: Readonly<Record<FontWeight, string>> = Object.freeze({
  normal: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
});

const bytes = new Map<FontWeight, Buffer>();
const parsed = new Map<FontWeight, fontkit.Font>();

/** The font file's bytes, read once per process. */
export function cjkFontBytes(weight: FontWeight): Buffer {
  let data = bytes.get(weight);
  if (!data) {
    data = fs.readFileSync(cjkFontFiles[weight]);
    bytes.set(weight, data);
  }
  return data;
}

/** The parsed font (for glyph coverage and text measurement), parsed once per process. */
export function cjkFont(weight: FontWeight): fontkit.Font {
  let font = parsed.get(weight);
  if (!font) {
    const created = fontkit.create(cjkFontBytes(weight));
    if (!('hasGlyphForCodePoint' in created)) {
      throw new Error(`${cjkFontFiles[weight]} is a font collection, expected a single font`);
    }
    font = created;
    parsed.set(weight, font);
  }
  return font;
}

/** Width of a single line of text in points (or pixels) at a font size, kerning and shaping included. */
export function measureText(text: string, fontSize: number, weight: FontWeight = 'normal'): number {
  const font = cjkFont(weight);
  return (font.layout(text).advanceWidth * fontSize) / font.unitsPerEm;
}

// Characters that may not begin a line in Chinese typesetting (避头点).
const noLineStart = new Set([...'，。、；：！？）》」』】〉”’%·…—,.;:!?)]}']);

/**
 * Breaks text into lines no wider than `maxWidth` at a font size: between any two Chinese characters, between
 * words of Latin text, never before closing punctuation, and at explicit newlines.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, weight: FontWeight = 'normal'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    // Tokens: a run of Latin letters/digits stays whole unless it alone is too wide; other characters stand alone.
    const tokens = (paragraph.match(/[A-Za-z0-9@#&_\-./:]+|\s+|./gu) ?? []).flatMap((token) =>
      token.length > 1 && measureText(token, fontSize, weight) > maxWidth ? [...token] : [token],
    );
    let line = '';
    for (const token of tokens) {
      const candidate = line + token;
      if (line === '' || measureText(candidate, fontSize, weight) <= maxWidth || noLineStart.has(token)) {
        line = candidate;
        continue;
      }
      lines.push(line.trimEnd());
      line = token.trimStart();
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * The outline of one character as an SVG path in font units (y pointing up, origin on the baseline), with its
 * advance width: for drawing lettering as shapes (a seal's arc) where no text is wanted in the output.
 */
export function glyphOutline(
  char: string,
  weight: FontWeight = 'normal',
): { d: string; advance: number; unitsPerEm: number } {
  const font = cjkFont(weight);
  const [glyph] = font.layout(char).glyphs;
  return { d: glyph.path.toSVG(), advance: glyph.advanceWidth, unitsPerEm: font.unitsPerEm };
}
