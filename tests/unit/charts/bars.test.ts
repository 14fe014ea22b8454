import { describe, expect, it } from 'vitest';
import { barLayout } from '../../../shared/charts/bars';

const bar = (key: string, value: number) => ({ key, label: key, value, display: String(value) });

describe('bar chart layout', () => {
  it('gives the largest value the whole bar space and the others their share of it', () => {
    const layout = barLayout([bar('cash', 6794), bar('card', 2191), bar('voucher', 720)], { width: 600, labelWidth: 200, valueWidth: 100 });
    expect(layout.barX).toBe(200);
    expect(layout.barSpace).toBe(300);
    expect(layout.bars.map((b) => b.width)).toEqual([300, Math.round((2191 / 6794) * 300), Math.round((720 / 6794) * 300)]);
    expect(layout.bars[0]!.share).toBe(1);
  });

  it('stacks rows top to bottom in the order given, with the gap between them', () => {
    const layout = barLayout([bar('a', 1), bar('b', 2), bar('c', 3)], { width: 600, rowHeight: 30, gap: 10 });
    expect(layout.bars.map((b) => b.y)).toEqual([0, 40, 80]);
    expect(layout.height).toBe(110);
  });

  it('draws no bar for zero or a negative figure, but keeps its row and its text', () => {
    const layout = barLayout([bar('sales', 500), bar('none', 0), bar('short', -50)], { width: 600 });
    expect(layout.bars.map((b) => b.width)).toEqual([layout.barSpace, 0, 0]);
    expect(layout.bars[2]!.display).toBe('-50');
  });

  it('keeps a tiny value visible next to a huge one', () => {
    const layout = barLayout([bar('big', 1_000_000), bar('tiny', 1)], { width: 600 });
    expect(layout.bars[1]!.width).toBe(2);
  });

  it('is empty for no data, and all zeros draw no bars', () => {
    expect(barLayout([], { width: 600 })).toMatchObject({ bars: [], height: 0 });
    expect(barLayout([bar('a', 0), bar('b', 0)], { width: 600 }).bars.every((b) => b.width === 0)).toBe(true);
  });
});
