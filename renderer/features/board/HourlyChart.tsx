// Attempts and connects by local hour, as plain SVG. Twenty-four pairs of bars need no chart
// library: a scale, two rects per hour and a few labels are a few lines, render with the rest
// of the view, and add nothing to the bundle.
import { useTranslation } from 'react-i18next';

const WIDTH = 480;
const HEIGHT = 120;
const TOP = 8;
const BOTTOM = 18;
const LEFT = 4;

export function HourlyChart({ hourly }: { hourly: { attempts: number; connects: number }[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...hourly.map((h) => h.attempts));
  const slot = (WIDTH - LEFT) / hourly.length;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (n: number) => TOP + plot - (n / max) * plot;
  return (
    <figure className="board-chart" data-testid="board-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('board.figures.chart')}>
        <line x1={LEFT} x2={WIDTH} y1={TOP + plot} y2={TOP + plot} className="board-chart-axis" />
        {hourly.map((h, hour) => {
          const x = LEFT + hour * slot;
          return (
            <g key={hour}>
              <title>{t('board.figures.hourTitle', { hour, attempts: h.attempts, connects: h.connects })}</title>
              <rect x={x + 1} y={y(h.attempts)} width={slot - 2} height={TOP + plot - y(h.attempts)} className="board-chart-attempts" />
              <rect x={x + slot * 0.25} y={y(h.connects)} width={slot * 0.5} height={TOP + plot - y(h.connects)} className="board-chart-connects" />
              {hour % 3 === 0 && <text x={x + slot / 2} y={HEIGHT - 4} textAnchor="middle" className="board-chart-label">{hour}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption className="board-chart-legend">
        <span><i className="board-chart-key board-chart-attempts" />{t('board.figures.chartLegendAttempts')}</span>
        <span><i className="board-chart-key board-chart-connects" />{t('board.figures.chartLegendConnects')}</span>
      </figcaption>
    </figure>
  );
}
