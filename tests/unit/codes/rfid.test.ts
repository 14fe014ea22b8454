import { describe, expect, it } from 'vitest';
import { createRdm6300Decoder, normaliseUid, parseRdm6300Frame, rdm6300Frame } from '../../../shared/codes/rfid';

const ascii = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
// A frame as an RDM6300 sends it for tag 0x62 0xE3 0x08 0x6C 0xED: XOR = 0x08.
const FRAME = Uint8Array.from([0x02, ...ascii('62E3086CED08'), 0x03]);

describe('RDM6300 frames', () => {
  it('reads a frame whose checksum matches', () => {
    expect(parseRdm6300Frame(FRAME)).toEqual({ ok: true, value: { tag: '62E3086CED' } });
    expect(rdm6300Frame('62e3086ced')).toEqual(FRAME);
  });

  it.each<[string, Uint8Array]>([
    ['a wrong checksum', Uint8Array.from([0x02, ...ascii('62E3086CED09'), 0x03])],
    ['a flipped data digit', Uint8Array.from([0x02, ...ascii('62E3086CEC08'), 0x03])],
    ['no ETX', Uint8Array.from([0x02, ...ascii('62E3086CED08'), 0x00])],
    ['a non-hex byte', Uint8Array.from([0x02, ...ascii('62E3086CEZ08'), 0x03])],
    ['a short frame', Uint8Array.from([0x02, ...ascii('62E3086C08'), 0x03])],
  ])('refuses %s', (_what, frame) => {
    expect(parseRdm6300Frame(frame)).toEqual({ ok: false, error: { code: 'card.misread' } });
  });

  it('reassembles frames split across chunks of any size', () => {
    const stream = Uint8Array.from([...FRAME, ...rdm6300Frame('0A00B1C2D3')]);
    for (let size = 1; size <= stream.length; size++) {
      const decoder = createRdm6300Decoder();
      const readings = [];
      for (let i = 0; i < stream.length; i += size) readings.push(...decoder.push(stream.subarray(i, i + size)));
      expect(readings, `chunks of ${size}`).toEqual([
        { ok: true, value: { tag: '62E3086CED' } },
        { ok: true, value: { tag: '0A00B1C2D3' } },
      ]);
    }
  });

  it('skips noise between frames and reports a frame cut short by the next one', () => {
    const decoder = createRdm6300Decoder();
    const noisy = Uint8Array.from([0xff, 0x00, 0x41, ...FRAME.subarray(0, 6), ...FRAME, 0x55]);
    expect(decoder.push(noisy)).toEqual([
      { ok: false, error: { code: 'card.misread' } },
      { ok: true, value: { tag: '62E3086CED' } },
    ]);
  });
});

describe('keyboard-mode UIDs', () => {
  it.each<[string, string, Parameters<typeof normaliseUid>[1], string]>([
    ['hex, lower case', '04a1b2c3d4e5f6', {}, '04A1B2C3D4E5F6'],
    ['hex with colons', '04:A1:B2:C3', {}, '04A1B2C3'],
    ['4-byte UID as 10 decimal digits', '0062982764', {}, '03C10A6C'],
    ['decimal, least significant byte first', '0062982764', { reversed: true }, '6C0AC103'],
    ['decimal forced', '12345678', { format: 'decimal' }, '00BC614E'],
    ['7-byte UID in decimal', '1302589556975096', { format: 'decimal' }, '04A0B2C3D4E5F8'],
    ['hex forced for an all-digit UID', '12345678', { format: 'hex' }, '12345678'],
  ])('%s', (_what, typed, options, hex) => {
    expect(normaliseUid(typed, options)).toEqual({ ok: true, value: hex });
  });

  it('gives one code for one card whether the reader types hex or decimal', () => {
    const card = 0x03c10a6c;
    const fromHex = normaliseUid(card.toString(16).padStart(8, '0'), { format: 'hex' });
    const fromDecimal = normaliseUid(String(card).padStart(10, '0'));
    expect(fromHex).toEqual(fromDecimal);
  });

  it.each(['', 'XYZ', '0A1', '99999999999', '4294967296'])('refuses %j', (typed) => {
    expect(normaliseUid(typed).ok).toBe(false);
  });
});
