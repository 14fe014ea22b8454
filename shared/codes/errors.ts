/** Errors from reading codes and cards: barcodes, check digits, magnetic stripes, RFID frames. */
export const codeErrorCodes = [
  'code.empty',
  'code.bad_check_digit',
  'code.unsupported',
  'code.product_barcode',
  'card.bank_card',
  'card.half_read',
  'card.misread',
  'device.not_found',
  'device.open_failed',
  'device.lost',
  'device.claimed',
  'device.invalid_config',
] as const;
export type CodeErrorCode = (typeof codeErrorCodes)[number];
