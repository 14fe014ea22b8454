import { barLayout, type BarInput } from '../../../../shared/charts/bars';

/**
 * A horizontal bar chart in SVG: label, bar, figure on each row. Drawn at a fixed internal width
 * and scaled to its container, so it stays sharp on a tablet and on paper. The figure is text
 * beside the bar, so the chart reads without colour and a screen reader hears the same rows.
 * Styled inline with the till's colour variables (and fallbacks), so HQ's admin can use it too.
 */
const ink = { fill: 'var(--ink, #1d1b19)', fontSize: 18 };
const LABEL_CHARS = 18;

export function BarChart({ title, bars, testId }: { title: string; bars: readonly BarInput[]; testId: string }) {
  if (bars.length === 0) return null;
  const width = 600;
  const layout = barLayout(bars, { width, rowHeight: 30, gap: 10, labelWidth: 190, valueWidth: 130 });
  return (
    <figure className="chart" style={{ margin: '12px 0 20px' }} data-testid={testId}>
      <figcaption style={{ fontWeight: 700, marginBottom: 8 }}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${layout.height}`} style={{ width: '100%', height: 'auto', display: 'block' }} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.display}`).join(', ')}`}>
        {layout.bars.map((bar) => (
          <g key={bar.key} data-testid={`${testId}-${bar.key}`} data-share={bar.share.toFixed(3)}>
            <title>{`${bar.label}: ${bar.display}`}</title>
            <text x={0} y={bar.y + 21} style={ink}>
              {bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label}
            </text>
            <rect x={layout.barX} y={bar.y} width={bar.width} height={30} rx={4} style={{ fill: 'var(--brand, #7a4a24)' }} />
            <text x={width} y={bar.y + 21} textAnchor="end" style={{ ...ink, fontWeight: 700 }}>
              {bar.display}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
