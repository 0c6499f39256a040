import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface QrLib {
  // qrcode-terminal ships no types; its vendored QR encoder is what it prints with, so page and terminal agree.
  terminal: { generate(text: string, opts: { small?: boolean }, cb?: (s: string) => void): void };
  QRCode: new (type: number, level: number) => {
    addData(s: string): void;
    make(): void;
    getModuleCount(): number;
    isDark(r: number, c: number): boolean;
  };
  levels: { L: number; M: number };
}

let lib: QrLib | undefined;

/** Loaded on the first QR code (a WeChat login), not at start: most installations never show one. */
function qrLib(): QrLib {
  lib ??= {
    terminal: require('qrcode-terminal') as QrLib['terminal'],
    QRCode: require('qrcode-terminal/vendor/QRCode') as QrLib['QRCode'],
    levels: require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel') as QrLib['levels'],
  };
  return lib;
}

/** The QR code as text for a terminal. */
export function qrForTerminal(data: string): Promise<string> {
  return new Promise((resolve) => qrLib().terminal.generate(data, { small: true }, resolve));
}

/** The QR code as an SVG, for the simulator page. */
export function qrSvg(data: string, cell = 6): string {
  const { QRCode, levels } = qrLib();
  const qr = new QRCode(-1, levels.M);
  qr.addData(data);
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  const size = (n + quiet * 2) * cell;
  let path = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.isDark(r, c)) path += `M${(c + quiet) * cell},${(r + quiet) * cell}h${cell}v${cell}h-${cell}z`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
