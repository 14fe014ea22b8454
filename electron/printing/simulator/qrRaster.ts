import QRCode from 'qrcode';

/**
 * What a printer draws for GS ( k: the stored bytes as a QR symbol (model 2, error correction M,
 * the module size from the command), as a black-and-white bitmap with a quiet zone. The simulated
 * printer shows it, and tests read it back with an independent decoder (jsQR).
 */
export interface Bitmap {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

export function rasteriseQr(payload: Uint8Array, moduleSize: number): Bitmap {
  const symbol = QRCode.create([{ data: payload, mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const size = symbol.modules.size;
  const quiet = 4;
  const width = (size + quiet * 2) * moduleSize;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!symbol.modules.get(y, x)) continue;
      for (let dy = 0; dy < moduleSize; dy++) {
        for (let dx = 0; dx < moduleSize; dx++) {
          const px = ((y + quiet) * moduleSize + dy) * width + (x + quiet) * moduleSize + dx;
          data[px * 4] = 0;
          data[px * 4 + 1] = 0;
          data[px * 4 + 2] = 0;
        }
      }
    }
  }
  return { width, height: width, data };
}
