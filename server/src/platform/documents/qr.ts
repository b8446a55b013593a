// QR codes for documents and posters, drawn by the `qrcode` package: PNG bytes for images, SVG for vector pages.
import QRCode from 'qrcode';

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export type QrPngOptions = {
  /** Width of the whole image in pixels, quiet zone included (default 512). */
  width?: number;
  /** Quiet zone in modules (default 4, the size the QR specification asks for). */
  margin?: number;
  errorCorrectionLevel?: QrErrorCorrection;
  /** Module colour as #rrggbb (default black); keep it dark on light for scanners. */
  color?: string;
};

/** A QR code of `text` as PNG bytes. */
export function qrPng(text: string, opts: QrPngOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    width: opts.width ?? 512,
    margin: opts.margin ?? 4,
    errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M',
    color: { dark: opts.color ?? '#000000', light: '#ffffff' },
  });
}

/**
 * A QR code of `text` as a standalone SVG document (vector, no quiet zone of its own: leave white space around
 * it on the page). The viewBox is in modules, so it scales to any size.
 */
export function qrSvg(
  text: string,
  opts: { errorCorrectionLevel?: QrErrorCorrection; margin?: number } = {},
): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    margin: opts.margin ?? 0,
    errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M',
    color: { dark: '#000000', light: '#ffffff' },
  });
}

/**
 * The dark modules of a QR code of `text` as one SVG path in module units (one unit per module, no quiet zone),
 * for drawing the code inside a larger SVG: `<path transform="translate(x y) scale(s)" d="…"/>`.
 */
export function qrModulesPath(
  text: string,
  opts: { errorCorrectionLevel?: QrErrorCorrection } = {},
): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) {
        col++;
      }
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return { size: modules.size, d: parts.join('') };
}
