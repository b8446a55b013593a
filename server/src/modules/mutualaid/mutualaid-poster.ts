// The QR poster of a mutual-aid fund: an A5-proportioned SVG to print and put up in the village, whose code opens the
// fund's public page (sources, grants, loans, balance). Vector, so it prints sharp at any size.
import { qrModulesPath } from '../../platform/documents/qr';

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The poster for `fund`, its QR code pointing at `pageUrl`. */
export function renderFundPoster(fund: { name: string; orgName: string; code: string }, pageUrl: string): string {
  const qr = qrModulesPath(pageUrl, { errorCorrectionLevel: 'M' });
  const qrSize = 300;
  const scale = qrSize / qr.size;
  const x = (420 - qrSize) / 2;
  const font = `font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="420" height="595" viewBox="0 0 420 595">
  <rect width="420" height="595" fill="#ffffff"/>
  <rect width="420" height="96" fill="#c8102e"/>
  <text x="210" y="44" text-anchor="middle" fill="#ffffff" font-size="26" font-weight="700" ${font}>${escapeXml(fund.name)}</text>
  <text x="210" y="76" text-anchor="middle" fill="#ffffff" font-size="15" ${font}>${escapeXml(fund.orgName)} · 村级互助金</text>
  <text x="210" y="140" text-anchor="middle" fill="#1f1f1f" font-size="18" ${font}>扫码查看互助金收支公开</text>
  <text x="210" y="164" text-anchor="middle" fill="#595959" font-size="12" ${font}>资金来源 · 救助发放 · 无息借款与还款 · 结余</text>
  <path transform="translate(${x} 190) scale(${scale})" d="${qr.d}" fill="#000000"/>
  <text x="210" y="530" text-anchor="middle" fill="#595959" font-size="12" ${font}>每一笔收支都记入可独立核验的公开账本</text>
  <text x="210" y="556" text-anchor="middle" fill="#8c8c8c" font-size="11" font-family="monospace">${escapeXml(fund.code)}</text>
</svg>
`;
}
