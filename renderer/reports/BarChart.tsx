// A horizontal grouped bar chart in plain SVG: one row per group (its label on the left, which
// suits Chinese names), one bar per series, the value at the bar's end. No chart library: three
// charts of counts do not need one, and plain SVG prints and scales with the page.

export interface ChartGroup { label: string; values: number[] }

const COLOURS = ['#1f6f8b', '#2e7d4f', '#b26a00', '#7a4fa3'];
const BAR = 15;
const GAP = 8;
const LABEL_W = 140;
const CHART_W = 440;
const MAX_GROUPS = 20;

export function BarChart({ title, groups, series, testId }: { title: string; groups: ChartGroup[]; series: string[]; testId?: string }) {
  const shown = groups.slice(0, MAX_GROUPS);
  const max = Math.max(1, ...shown.flatMap((g) => g.values));
  const rowH = series.length * BAR + GAP;
  const height = shown.length * rowH + GAP;
  const barW = CHART_W - LABEL_W - 50;
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${CHART_W} ${height}`} width="100%" role="img" aria-label={title}>
        {shown.map((g, gi) => {
          const y0 = GAP + gi * rowH;
          return (
            <g key={`${g.label}-${gi}`}>
              <text x={LABEL_W - 6} y={y0 + (series.length * BAR) / 2 + 4} textAnchor="end" className="bar-label">
                {g.label.length > 18 ? `${g.label.slice(0, 17)}…` : g.label}
              </text>
              {g.values.map((v, si) => {
                const w = (v / max) * barW;
                return (
                  <g key={si}>
                    <rect x={LABEL_W} y={y0 + si * BAR} width={Math.max(w, v > 0 ? 1 : 0)} height={BAR - 2} fill={COLOURS[si % COLOURS.length]} rx="1.5">
                      <title>{`${g.label} · ${series[si]}: ${v}`}</title>
                    </rect>
                    <text x={LABEL_W + w + 4} y={y0 + si * BAR + BAR - 4} className="bar-value">{v}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <ul className="bar-legend">
        {series.map((s, i) => <li key={s}><span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} />{s}</li>)}
      </ul>
    </figure>
  );
}
