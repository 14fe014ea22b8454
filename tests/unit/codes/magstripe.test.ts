import { describe, expect, it } from 'vitest';
import { looksLikeTrackData, parseMagstripe, trackLrc } from '../../../shared/codes/magstripe';
import { bankCards } from '../../fixtures/devices/bankCards';

const loyalty = (code: string) => ({ ok: true, value: { kind: 'loyalty', code } });

describe('magnetic stripe: loyalty cards', () => {
  it.each<[string, string, string]>([
    ['track 2 only', ';2900000000018?', '2900000000018'],
    ['track 2 with a field separator and data', ';2900000000018=9912?', '2900000000018'],
    ['tracks 1 and 2 of an ISO 7813 style loyalty card', '%B2900000000018^PETROVA/ANNA^99120000?;2900000000018=9912?', '2900000000018'],
    ['track 1 in a store layout', '%KAFE0042^?', 'KAFE0042'],
    ['a keyboard reader ending with CR LF', ';2900000000018?\r\n', '2900000000018'],
    ['tracks 1, 2 and 3 with CR between', '%B2900000000018^X/Y^99?\r;2900000000018=99?\r;2900000000018?', '2900000000018'],
  ])('%s', (_what, swipe, code) => {
    expect(parseMagstripe(swipe)).toEqual(loyalty(code));
  });

  it('checks the LRC when the reader passes it', () => {
    const track2 = ';2900000000018=9912?';
    const lrc = trackLrc(track2, 2);
    expect(parseMagstripe(`${track2}${lrc}`, { lrc: true })).toEqual(loyalty('2900000000018'));
    const wrong = String.fromCharCode(((lrc.charCodeAt(0) - 0x30 + 1) & 0x0f) + 0x30);
    expect(parseMagstripe(`${track2}${wrong}`, { lrc: true })).toEqual({ ok: false, error: { code: 'card.half_read' } });
    expect(parseMagstripe(track2, { lrc: true })).toEqual({ ok: false, error: { code: 'card.half_read' } });
  });

  it('computes the LRC as the XOR of the characters, sentinels included', () => {
    // ';' 0xB, '1' 0x1, '?' 0xF: 0xB ^ 0x1 ^ 0xF = 0x5 -> '5'.
    expect(trackLrc(';1?', 2)).toBe('5');
    // '%' 0x05, 'A' 0x21, '?' 0x1F: 0x05 ^ 0x21 ^ 0x1F = 0x3B -> '['.
    expect(trackLrc('%A?', 1)).toBe('[');
  });
});

describe('magnetic stripe: refusals', () => {
  it.each<[string, string, string]>([
    ['track 2 cut short', ';29000000000', 'card.half_read'],
    ['track 1 cut short before track 2', '%B2900000000018^PETROVA;2900000000018?', 'card.half_read'],
    ['the reader reports track 2 unreadable', '%KAFE0042^?;E?', 'card.half_read'],
    ['the reader reports every track unreadable', '%E?;E?', 'card.half_read'],
    ['tracks that disagree', '%B2900000000018^X/Y^99?;2900000000025=99?', 'card.misread'],
    ['a character not allowed on track 2', ';29000A0000018?', 'card.half_read'],
    ['a stripe with no tracks', 'hello', 'code.empty'],
  ])('%s', (_what, swipe, code) => {
    expect(parseMagstripe(swipe)).toEqual({ ok: false, error: { code } });
  });

  for (const { network, pan } of bankCards) {
    it.each<[string, string]>([
      ['tracks 1 and 2', `%B${pan}^IVANOV/IVAN^2812101000000000000000?;${pan}=28121010000000000000?`],
      ['track 1 only', `%B${pan}^IVANOV/IVAN^2812101000000000000000?`],
      ['track 2 only', `;${pan}=28121010000000000000?`],
      ['track 1 read, track 2 failed', `%B${pan}^IVANOV/IVAN^2812101?;E?`],
      ['track 1 cut short after the number', `%B${pan}^IVAN`],
    ])(`refuse a ${network} card, %s, without any of its data`, (_what, swipe) => {
      const result = parseMagstripe(swipe);
      expect(result).toEqual({ ok: false, error: { code: 'card.bank_card' } });
      const written = JSON.stringify(result);
      expect(written).not.toContain(pan.slice(-4));
      expect(written).not.toContain('IVAN');
    });
  }
});

describe('looksLikeTrackData', () => {
  it.each([
    ['%B4111', true],
    [';2900000000018?', true],
    [';E?', true],
    ['2900000000018', false],
    ['loyaltill:card:X', false],
    ['%20', false],
    ['+359888123456', false],
    ['+2900000000018?', true],
  ])('%s -> %s', (text, expected) => {
    expect(looksLikeTrackData(text)).toBe(expected);
  });
});
