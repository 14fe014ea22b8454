import { describe, expect, it } from 'vitest';
import { interpretRead } from '../../../shared/codes/read';
import { trackLrc } from '../../../shared/codes/magstripe';

describe('interpretRead: one meaning per read, as the device is configured', () => {
  it('normalises UIDs typed by a keyboard-mode NFC reader to hex', () => {
    expect(interpretRead('0062982764\r\n', { uid: {} })).toEqual({ ok: true, value: { kind: 'loyalty', code: '03C10A6C' } });
    expect(interpretRead('03:c1:0a:6c', { uid: { format: 'hex' } })).toEqual({ ok: true, value: { kind: 'loyalty', code: '03C10A6C' } });
    expect(interpretRead('not a uid', { uid: {} })).toEqual({ ok: false, error: { code: 'code.unsupported' } });
  });

  it('reads without UID normalisation as classifyCode does', () => {
    expect(interpretRead(']E02900000000018')).toEqual({ ok: true, value: { kind: 'loyalty', code: '2900000000018' } });
    expect(interpretRead('0062982764')).toEqual({ ok: true, value: { kind: 'loyalty', code: '0062982764' } });
  });

  it('checks stripe LRCs only for readers set to send them', () => {
    const track = ';2900000000018?';
    expect(interpretRead(`${track}${trackLrc(track, 2)}`, { magstripeLrc: true })).toEqual({
      ok: true,
      value: { kind: 'loyalty', code: '2900000000018' },
    });
    expect(interpretRead(track, { magstripeLrc: true })).toEqual({ ok: false, error: { code: 'card.half_read' } });
    expect(interpretRead(track)).toEqual({ ok: true, value: { kind: 'loyalty', code: '2900000000018' } });
  });

  it('refuses a bank card swiped on a UID reader too', () => {
    expect(interpretRead(';4111111111111111=2812?', { uid: {} })).toEqual({ ok: false, error: { code: 'card.bank_card' } });
  });
});
