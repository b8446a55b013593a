// The annual giving statement: each gift in date order with where it went, totals in figures and words, page
// numbers on long statements, and only gifts of the statement's year (by the Shanghai calendar).
import { describe, expect, it } from 'vitest';
import { hasPoppler, pdfFonts, pdfPageCount, pdfText, squeeze } from '../../../platform/documents/pdf-inspect';
import { type AnnualStatementInput, renderAnnualStatement } from './statement-pdf';

const base: AnnualStatementInput = {
  year: 2025,
  donorName: '王堃',
  donorIdMasked: '330************1234',
  issuerName: '绍兴市红十字会',
  issuedAt: new Date('2026-01-05T02:00:00Z'),
  portalUrl: 'https://boai.example.org/me/donations?year=2025',
  donations: [
    {
      donationNumber: 'D2025000000002',
      donatedAt: new Date('2025-06-01T03:00:00Z'),
      projectName: '“救在身边”AED配置公益项目',
      amountFen: 50000,
      usageSummary: '已用于诸暨市暨阳街道 AED 采购（2025年6月拨付）',
    },
    {
      donationNumber: 'D2025000000001',
      // 16:30 UTC on 31 December 2024 is already 1 January 2025 in Shanghai.
      donatedAt: new Date('2024-12-31T16:30:00Z'),
      projectName: '非定向捐赠',
      amountFen: 1005,
      usageSummary: '尚未使用，存于项目专户',
    },
  ],
};

describe('renderAnnualStatement', () => {
  it.skipIf(!hasPoppler)(
    'lists each gift in date order with its use, and the totals (needs poppler-utils)',
    async () => {
      const pdf = await renderAnnualStatement(base);
      const text = squeeze(pdfText(pdf));
      for (const expected of [
        '2025年度捐赠明细',
        '捐赠人：王堃',
        '证件号码：330************1234',
        '统计期间：2025年1月1日至2025年12月31日',
        '出具单位：绍兴市红十字会',
        '出具日期：2026年1月5日',
        '2025-01-01D2025000000001非定向捐赠10.05尚未使用，存于项目专户',
        '2025-06-01D2025000000002“救在身边”AED配置公益项目500.00',
        '已用于诸暨市暨阳街道AED采购（2025年6月拨付）',
        '合计2笔510.05大写：伍佰壹拾元零伍分',
        '¥510.05',
        '不作为税前扣除凭证',
        '第1页/共1页',
      ]) {
        expect(text).toContain(squeeze(expected));
      }
      expect(text.indexOf('D2025000000001')).toBeLessThan(text.indexOf('D2025000000002'));
      expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
    },
  );

  it.skipIf(!hasPoppler)('runs a long year over numbered pages (needs poppler-utils)', async () => {
    const donations = Array.from({ length: 40 }, (_, i) => ({
      donationNumber: `D2025${String(i).padStart(9, '0')}`,
      donatedAt: new Date(Date.UTC(2025, i % 12, 10)),
      projectName: '博爱家园社区应急救护能力提升项目',
      amountFen: 1000,
      usageSummary: '已拨付至柯桥区博爱家园，用于急救培训器材',
    }));
    const pdf = await renderAnnualStatement({ ...base, donations });
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = squeeze(pdfText(pdf));
    expect(text).toContain(`第${pages}页/共${pages}页`);
    expect(text).toContain('合计40笔400.00大写：肆佰元整');
    for (const d of donations) {
      expect(text).toContain(d.donationNumber);
    }
  });

  it.skipIf(!hasPoppler)('says so when the year had no gifts (needs poppler-utils)', async () => {
    const text = squeeze(pdfText(await renderAnnualStatement({ ...base, donations: [], portalUrl: null })));
    expect(text).toContain('本年度暂无捐赠记录');
    expect(text).toContain('合计0笔0.00大写：零元整');
  });

  it('refuses a gift made in another year by the Shanghai calendar', async () => {
    const late = { ...base.donations[0], donationNumber: 'D2026', donatedAt: new Date('2025-12-31T16:30:00Z') };
    await expect(renderAnnualStatement({ ...base, donations: [late] })).rejects.toThrow('D2026 was not made in 2025');
  });
});
