/**
 * Where the bars of a horizontal bar chart go: the Z-report's sales by tender and by category at the
 * till, and sales per store in HQ's admin. Pure geometry, so both UIs draw the same picture and a
 * test can check it without a browser. Each bar keeps its label and formatted value: the chart
 * shows the figure beside the bar, a picture never replaces the number.
 */
export interface BarInput {
  key: string;
  label: string;
  value: number;
  /** The value as the reader should see it (money, a count): formatted by the caller, in its locale. */
  display: string;
}

export interface Bar extends BarInput {
  /** Top of the bar's row. */
  y: number;
  /** Width of the bar; 0 for a value of zero or less (a negative figure is shown as text only). */
  width: number;
  /** Share of the largest value, 0..1. */
  share: number;
}

export interface BarLayout {
  bars: Bar[];
  /** Total height of the chart. */
  height: number;
  /** Where the bars start, after the label column. */
  barX: number;
  /** The widest a bar can be (the largest value's bar). */
  barSpace: number;
}

export interface BarOptions {
  width: number;
  rowHeight?: number;
  gap?: number;
  labelWidth?: number;
  valueWidth?: number;
}

export function barLayout(inputs: readonly BarInput[], options: BarOptions): BarLayout {
  const rowHeight = options.rowHeight ?? 28;
  const gap = options.gap ?? 8;
  const labelWidth = options.labelWidth ?? Math.round(options.width * 0.3);
  const valueWidth = options.valueWidth ?? Math.round(options.width * 0.22);
  const barSpace = Math.max(0, options.width - labelWidth - valueWidth);
  const largest = Math.max(0, ...inputs.map((i) => i.value));
  const bars = inputs.map((input, index) => {
    const share = largest > 0 && input.value > 0 ? input.value / largest : 0;
    // A small value still gets a visible sliver, or it reads as "nothing" next to a large one.
    const width = share === 0 ? 0 : Math.max(2, Math.round(share * barSpace));
    return { ...input, y: index * (rowHeight + gap), width, share };
  });
  const height = inputs.length === 0 ? 0 : inputs.length * rowHeight + (inputs.length - 1) * gap;
  return { bars, height, barX: labelWidth, barSpace };
}
