// The shipped CJK font: present without any download, covering rare name characters and money signs, and the text
// measurement and wrapping built on it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cjkFont, cjkFontFiles, glyphOutline, measureText, wrapText } from './fonts';
import { findMissingCharacters } from './pdf';

describe('the shipped font', () => {
  it('is a TrueType Noto Sans SC in Regular and Bold, installed with the project', () => {
    for (const weight of ['normal', 'bold'] as const) {
      const file = cjkFontFiles[weight];
      expect(fs.existsSync(file)).toBe(true);
      // 0x00010000 is the TrueType (glyf) signature; 'OTTO' would be CFF, which pdfkit subsets badly.
      expect(fs.readFileSync(file).readUInt32BE(0)).toBe(0x00010000);
      expect(cjkFont(weight).familyName).toBe('Noto Sans SC');
    }
  });

  it('covers rare name characters, both yuan signs and full-width punctuation', () => {
    expect(findMissingCharacters('堃昇喆䶮玥珺瑄龑赟镕淼犇¥￥，。、；：！？（）《》“”‘’—…·')).toEqual([]);
  });

  it('lacks private-use characters, emoji and CJK Extension B (e.g. 𠮷)', () => {
    expect(findMissingCharacters('王\uE000😀𠮷')).toEqual(['\uE000', '😀', '𠮷']);
  });
});

describe('measureText and wrapText', () => {
  it('measures Chinese characters at one em each', () => {
    expect(measureText('捐赠证书', 10)).toBeCloseTo(40, 5);
  });

  it('wraps within the width and never starts a line with closing punctuation', () => {
    const text = '为全市公共场所配置自动体外除颤器（AED），并培训更多市民掌握心肺复苏，让每一次心脏骤停都有人施救。';
    for (const width of [100, 137, 200, 333]) {
      const lines = wrapText(text, width, 12);
      expect(lines.join('')).toBe(text);
      for (const line of lines) {
        expect(/^[，。、）]/.test(line)).toBe(false);
        // A line may run over only by the closing punctuation it kept.
        expect(measureText(line.replace(/[，。、）]$/, ''), 12)).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps a Latin word whole and breaks at explicit newlines', () => {
    expect(wrapText('AED配置\n项目', 1000, 12)).toEqual(['AED配置', '项目']);
    expect(wrapText('配置AED', 30, 12)).toEqual(['配置', 'AED']);
    const url = 'https://boai.example.org/donate/p/8f14e45f-ceea-467f-a0e6-1b0e2d5d3c7a';
    const lines = wrapText(url, 120, 12);
    expect(lines.join('')).toBe(url);
    // Punctuation that may not start a line hangs past the width by at most its own width.
    expect(Math.max(...lines.map((l) => measureText(l, 12)))).toBeLessThanOrEqual(120 + 12);
    expect(lines.length).toBeGreaterThan(3);
  });

  it('gives a glyph outline for lettering drawn as shapes', () => {
    const outline = glyphOutline('红', 'bold');
    expect(outline.d).toMatch(/^M/);
    expect(outline.advance).toBe(outline.unitsPerEm);
  });
});
