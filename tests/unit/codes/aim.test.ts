import { describe, expect, it } from 'vitest';
import { splitAim } from '../../../shared/codes/aim';

describe('AIM symbology identifiers', () => {
  it.each<[string, string | null, string | null, string]>([
    [']E02900000000018', ']E0', 'ean-upc', '2900000000018'],
    [']E496385074', ']E4', 'ean-upc', '96385074'],
    [']C1KAFE', ']C1', 'code128', 'KAFE'],
    [']Q1loyaltill:card:X', ']Q1', 'qr', 'loyaltill:card:X'],
    [']d2ABC', ']d2', 'datamatrix', 'ABC'],
    [']H0123', ']H0', 'other', '123'],
    ['2900000000018', null, null, '2900000000018'],
    ['] E0123', null, null, '] E0123'],
    [']E', null, null, ']E'],
  ])('%s', (text, id, symbology, data) => {
    const { aim, data: rest } = splitAim(text);
    expect(aim?.id ?? null).toBe(id);
    expect(aim?.symbology ?? null).toBe(symbology);
    expect(rest).toBe(data);
  });
});
