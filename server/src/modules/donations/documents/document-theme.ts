// What the donation documents share: the Red Cross red, greys, the stand-in seal drawn when a unit has no seal
// image, and small text helpers for hashes and names.
import { glyphOutline } from '../../../platform/documents/fonts';
import { assertRenderable } from '../../../platform/documents/pdf';

export const red = '#C8102E';
export const ink = '#1F1F1F';
export const grey = '#6B6B6B';
export const lightGrey = '#BDBDBD';
export const paleRed = '#FBEFF1';

/** What an anonymous donor is called on documents. */
export const anonymousDonorName = '爱心人士';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0)};`);
}

/** Splits a long unbroken string (a hash, a salt) into lines of `size` characters. */
export function chunkLines(text: string, size: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    lines.push(text.slice(i, i + size));
  }
  return lines.join('\n');
}

/**
 * A stand-in for a unit's seal: a red ring with the unit's name along its upper arc and a small red cross, drawn as outlines (so it adds
 * no stray text to the document). It carries no seal wording (no 专用章), so it cannot pass for an official seal.
 */
export function standInSealSvg(unitName: string): string {
  assertRenderable(unitName);
  const chars = [...unitName];
  const n = chars.length;
  const spread = Math.min(260, Math.max(60, (n - 1) * 27));
  const fontSize = n > 12 ? 11 : n > 9 ? 13 : 15;
  const glyphs = chars
    .map((c, i) => {
      const angle = n === 1 ? 0 : -spread / 2 + (i * spread) / (n - 1);
      const { d, advance, unitsPerEm } = glyphOutline(c, 'bold');
      const scale = fontSize / unitsPerEm;
      const x = 60 - (advance * scale) / 2;
      const y = 14 + fontSize * 0.88;
      return `<path fill="${red}" transform="rotate(${angle.toFixed(2)} 60 60) translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})" d="${d}"/>`;
    })
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">',
    `<circle cx="60" cy="60" r="56" fill="none" stroke="${red}" stroke-width="3"/>`,
    `<path d="M53 43h14v10h10v14h-10v10h-14v-10h-10v-14h10z" fill="${red}" transform="translate(0 3)"/>`,
    glyphs,
    '</svg>',
  ].join('');
}
