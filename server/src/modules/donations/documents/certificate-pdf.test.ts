// The donation certificate as a donor receives it: every fact printed and extractable, the font embedded, one page,
// a QR code that scans to the trace URL, and a refusal rather than a silently missing character in a name.
import { Resvg } from '@resvg/resvg-js';
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
import { type DonationCertificateInput, renderDonationCertificate } from './certificate-pdf';
import { standInSealSvg } from './document-theme';

const input: DonationCertificateInput = {
  donationNumber: 'D2025031200042',
  donorName: '王堃',
  amountFen: 123450,
  projectName: '“博爱家园”社区应急救护能力提升项目',
  // 23:30 on 11 March in UTC is 12 March in Shanghai.
  donatedAt: new Date('2025-03-11T23:30:00Z'),
  issuerName: '绍兴市红十字会',
  traceUrl: 'https://boai.example.org/trace/12345?proof=1',
  ledger: {
    index: 12345,
    leafHashHex: 'a3f1c9e2b4d5678901234567890abcdef1234567890abcdef1234567890abcd',
    salt: 'q8Zk3n0Tt2Yb7WmV5xRkLpA1sD4fG6hJ',
  },
};

describe('renderDonationCertificate', () => {
  it('renders a PDF', async () => {
    const pdf = await renderDonationCertificate(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it.skipIf(!hasPoppler)(
    'prints every fact of the gift and the ledger proof material (needs poppler-utils)',
    async () => {
      const pdf = await renderDonationCertificate(input);
      const text = squeeze(pdfText(pdf));
      for (const expected of [
        '捐赠证书',
        '王堃：',
        '2025年3月12日',
        '“博爱家园”社区应急救护能力提升项目',
        '¥1,234.50',
        '壹仟贰佰叁拾肆元伍角',
        '编号：D2025031200042',
        '衷心感谢您对红十字人道事业的支持与信任！',
        '绍兴市红十字会',
        '第12345号',
        input.ledger.leafHashHex,
        input.ledger.salt,
        '扫码查看善款去向与公示链存证',
      ]) {
        expect(text).toContain(squeeze(expected));
      }
      expect(pdfPageCount(pdf)).toBe(1);
      expect(pdfFonts(pdf).every((f) => f.embedded && f.type === 'CID TrueType')).toBe(true);
    },
  );

  it.skipIf(!hasPoppler)('calls an anonymous donor 爱心人士 (needs poppler-utils)', async () => {
    const text = squeeze(pdfText(await renderDonationCertificate({ ...input, donorName: null })));
    expect(text).toContain('爱心人士：');
    expect(text).not.toContain('王堃');
  });

  it.skipIf(!hasPoppler)('has a QR code that scans to the trace URL (needs poppler-utils)', async () => {
    const [page] = rasterizePdf(await renderDonationCertificate(input), 150);
    expect(decodeQr(page)).toBe(input.traceUrl);
  });

  it.skipIf(!hasPoppler)(
    'draws the stand-in seal as shapes, adding no seal wording (needs poppler-utils)',
    async () => {
      const text = squeeze(pdfText(await renderDonationCertificate(input)));
      expect(text.split('绍兴市红十字会').length - 1).toBe(1);
      expect(text).not.toMatch(/专用章|公章/);
    },
  );

  it('places a seal image when one is given', async () => {
    const seal = new Resvg(standInSealSvg('某红十字会')).render().asPng();
    const withSeal = await renderDonationCertificate({ ...input, sealPng: seal });
    const without = await renderDonationCertificate(input);
    expect(withSeal.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(without.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });

  it.skipIf(!hasPoppler)('keeps a long project name and thanks on one page (needs poppler-utils)', async () => {
    const pdf = await renderDonationCertificate({
      ...input,
      amountFen: 9_999_999_999,
      projectName: `2025年浙江省“救在身边”AED配置与应急救护培训普及公益项目（${'绍兴市柯桥区、上虞区、诸暨市、'.repeat(3)}）`,
      thanks: '感谢您的慷慨捐赠。'.repeat(12),
    });
    expect(pdfPageCount(pdf)).toBe(1);
    expect(squeeze(pdfText(pdf))).toContain('玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分');
  });

  it('refuses a donor name with a character the font cannot draw, naming it', async () => {
    await expect(renderDonationCertificate({ ...input, donorName: '张\uE000' })).rejects.toThrow(MissingGlyphError);
    await expect(renderDonationCertificate({ ...input, donorName: '𠮷田' })).rejects.toThrow('U+20BB7');
    await expect(renderDonationCertificate({ ...input, issuerName: '红十字会😀' })).rejects.toThrow('U+1F600');
  });
});
