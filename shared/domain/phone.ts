/**
 * Phone numbers as the counter types them ("0888 123 456", "+359 888 123456", "8 912 345-67-89")
 * normalised to E.164, so one customer is one phone whatever the cashier typed.
 */
export type Country = 'BG' | 'RU';

const countryCode: Record<Country, string> = { BG: '359', RU: '7' };

export function normalisePhone(raw: string, country: Country): string | null {
  const trimmed = raw.trim();
  let digits = trimmed.replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (country === 'RU' && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  else if (digits.startsWith('0')) digits = countryCode[country] + digits.slice(1);
  else if (country === 'RU' && digits.length === 10) digits = `7${digits}`;
  if (digits.length < 8 || digits.length > 15) return null;
  return `+${digits}`;
}

/** "+359888123456" -> "+359 88* *** 456": enough for the customer to recognise, not for the queue to read. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  const cc = phone.startsWith('+7') ? 1 : 3;
  const head = digits.slice(0, cc);
  const visible = digits.slice(cc, cc + 2);
  const tail = digits.slice(-3);
  const hidden = Math.max(0, digits.length - cc - 2 - 3);
  // The first hidden digit stays with the visible pair ("88*"), the rest in groups of three.
  const groups = ('*'.repeat(Math.max(0, hidden - 1)).match(/.{1,3}/g) ?? []).join(' ');
  return [`+${head}`, `${visible}${hidden > 0 ? '*' : ''}`, groups, tail].filter((part) => part !== '').join(' ');
}

export const reverseDigits = (phone: string): string => phone.replace(/\D/g, '').split('').reverse().join('');

/**
 * Lower-case, Latin accents dropped, single spaces: how names are matched in search. The breve of
 * Й and the diaeresis of Ё are kept through NFKD (they make letters, not accents), then ё = е.
 */
export function searchableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u0305\u0307\u0309-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .trim();
}
