import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalisePhone, searchableName } from '../../../shared/domain/phone';
import { uuidV7, uuidPattern } from '../../../shared/ids';
import { createIdSource } from '../../../electron/app/clock';
import { decodeHlc, encodeHlc, receiveHlc, tickHlc } from '../../../shared/time/hlc';

describe('phones', () => {
  it.each([
    ['0888 123 456', 'BG', '+359888123456'],
    ['+359 (88) 812-3456', 'BG', '+359888123456'],
    ['00359888123456', 'BG', '+359888123456'],
    ['8 912 345-67-89', 'RU', '+79123456789'],
    ['912 345 67 89', 'RU', '+79123456789'],
    ['+7 912 345 67 89', 'BG', '+79123456789'],
  ] as const)('normalises %s (%s) to %s', (raw, country, expected) => {
    expect(normalisePhone(raw, country)).toBe(expected);
  });

  it('refuses what is not a phone number', () => {
    expect(normalisePhone('call me', 'BG')).toBeNull();
    expect(normalisePhone('12', 'BG')).toBeNull();
  });

  it('masks all but the country code, two digits and the last three', () => {
    expect(maskPhone('+359888123456')).toBe('+359 88* *** 456');
    expect(maskPhone('+79123456789')).toMatch(/^\+7 91\*.* 789$/);
  });

  it('matches names without case or Latin accents, keeping Й and treating Ё as Е', () => {
    expect(searchableName('  Йордан   ЁЛКИН ')).toBe('йордан елкин');
    expect(searchableName('José')).toBe('jose');
  });
});

describe('UUIDv7', () => {
  it('is a valid v7 UUID that sorts by time', () => {
    const random = new Uint8Array(10).fill(255);
    const a = uuidV7(1_700_000_000_000, random);
    const b = uuidV7(1_700_000_000_001, new Uint8Array(10));
    expect(a).toMatch(uuidPattern);
    expect(a[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(a[19]);
    expect(a < b).toBe(true);
  });

  it('never repeats an id from one source, even within one millisecond and across refills of its random pool', () => {
    const ids = createIdSource({ now: () => 1_700_000_000_000 });
    const made = Array.from({ length: 5000 }, () => ids.newId());
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) expect(id).toMatch(uuidPattern);
  });
});

describe('hybrid logical clock', () => {
  it('never goes backwards on one node, whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 50 }), (walls) => {
        let clock = { millis: 0, counter: 0, node: 'a' };
        let last = encodeHlc(clock);
        for (const wall of walls) {
          clock = tickHlc(clock, wall);
          const next = encodeHlc(clock);
          expect(next > last).toBe(true);
          last = next;
        }
      }),
    );
  });

  it('orders an event after one received from a node whose clock is days ahead', () => {
    const local = { millis: 1_000, counter: 0, node: 'local' };
    const remote = { millis: 1_000 + 3 * 86_400_000, counter: 4, node: 'remote' };
    const merged = receiveHlc(local, remote, 1_500);
    const next = tickHlc(merged, 1_600);
    expect(encodeHlc(next) > encodeHlc(remote)).toBe(true);
    expect(decodeHlc(encodeHlc(next))).toEqual(next);
  });
});
