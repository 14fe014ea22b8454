import { describe, expect, it } from 'vitest';
import { createFramer } from '../../../electron/devices/framing';
import { chunked } from '../../../electron/devices/simulators';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('serial framing', () => {
  it.each<[string, { prefix: string; suffix: string }, string, string[]]>([
    ['suffix CR', { prefix: '', suffix: '\r' }, 'AB12\rCD34\r', ['AB12', 'CD34']],
    ['suffix CR LF', { prefix: '', suffix: '\r\n' }, 'AB12\r\nCD34\r\n', ['AB12', 'CD34']],
    ['STX prefix, noise before it dropped', { prefix: '\x02', suffix: '\x03' }, 'xx\x02AB12\x03yy\x02CD34\x03', ['AB12', 'CD34']],
    ['two-character prefix', { prefix: '##', suffix: '\n' }, '#x##AB12\n', ['AB12']],
    ['blank lines and NUL noise ignored', { prefix: '', suffix: '\n' }, '\n\x00\nAB12\n \n', ['AB12']],
  ])('%s, whatever the chunk sizes', (_what, framing, stream, expected) => {
    for (const sizes of [[1], [2], [3, 1], [stream.length]]) {
      const framer = createFramer(framing);
      const reads = chunked(bytes(stream), sizes).flatMap((c) => framer.push(c));
      expect(reads, `chunks ${sizes.join(',')}`).toEqual(expected);
    }
  });

  it('ends a read on a pause when there is no suffix, and forgets a half read on reset', () => {
    const framer = createFramer({ prefix: '', suffix: '' });
    expect(framer.push(bytes('2900'))).toEqual([]);
    expect(framer.idle()).toBe('2900');
    expect(framer.idle()).toBeNull();
    framer.push(bytes('29000'));
    framer.reset();
    expect(framer.idle()).toBeNull();
  });
});
