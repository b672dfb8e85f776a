import type { ReactElement } from 'react';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AvailabilityPoint } from '../../api';
import { formatDay, formatMinutes, formatPercent } from './format';

/** Where the y axis starts: a little below the lowest figure and the target. */
function axisFloor(values: number[]): number {
  const lowest = Math.min(...values);
  if (!Number.isFinite(lowest)) return 0;
  // Zoom in on the interesting part, in steps of whole percents.
  return Math.max(0, Math.floor(lowest) - 1);
}

const ChartFrame = (props: { height: number; children: ReactElement }) =>
  // ResponsiveContainer needs ResizeObserver; without it (old browsers,
  // jsdom) the chart gets a fixed width instead of failing.
  typeof ResizeObserver === 'undefined' ? (
    <div style={{ width: 600, height: props.height }}>{props.children}</div>
  ) : (
    <ResponsiveContainer width="100%" height={props.height}>
      {props.children}
    </ResponsiveContainer>
  );

/**
 * A line of availability per bucket against the SLA target (a dashed
 * reference line). The figure behind the chart is described for screen
 * readers in its label.
 */
export const AvailabilityChart = (props: {
  series: AvailabilityPoint[];
  targetPercent?: number;
  height?: number;
  compact?: boolean;
}) => {
  const { series, targetPercent, height = 220, compact = false } = props;
  const theme = useTheme();
  const data = series.map(point => ({
    ...point,
    label: formatDay(point.from),
  }));
  const values = series.map(p => p.availability);
  if (targetPercent !== undefined) values.push(targetPercent);
  const floor = axisFloor(values);
  const lowest = series.length
    ? Math.min(...series.map(p => p.availability))
    : undefined;
  const description = [
    `Availability per day over ${series.length} days`,
    lowest !== undefined ? `lowest ${formatPercent(lowest)}` : undefined,
    targetPercent !== undefined
      ? `SLA target ${formatPercent(targetPercent)}`
      : 'no SLA target',
  ]
    .filter(Boolean)
    .join(', ');
  // The width/height of the frame is also given to the chart so that it
  // renders in the fixed-width frame.
  const chartWidth = typeof ResizeObserver === 'undefined' ? 600 : undefined;

  return (
    <div role="img" aria-label={description}>
      <ChartFrame height={height}>
        <LineChart
          data={data}
          width={chartWidth}
          height={chartWidth ? height : undefined}
          // Room for the tick labels ("100%") inside the frame: a negative
          // margin cut them off on the entity overview.
          margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
        >
          {!compact && <CartesianGrid strokeDasharray="3 3" />}
          <XAxis dataKey="label" hide={compact} minTickGap={16} />
          <YAxis
            domain={[floor, 100]}
            allowDataOverflow
            tickFormatter={(v: number) => `${v}%`}
            width={compact ? 56 : 64}
          />
          <Tooltip
            formatter={(value: number, _name, item) => [
              `${formatPercent(value)} (down ${formatMinutes(
                (item?.payload as AvailabilityPoint | undefined)
                  ?.downtimeMinutes,
              )})`,
              'Availability',
            ]}
          />
          {targetPercent !== undefined && (
            <ReferenceLine
              y={targetPercent}
              stroke={theme.palette.error.main}
              strokeDasharray="6 3"
              label={compact ? undefined : 'SLA target'}
              ifOverflow="extendDomain"
            />
          )}
          <Line
            type="monotone"
            dataKey="availability"
            name="Availability"
            stroke={theme.palette.primary.main}
            dot={!compact}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartFrame>
    </div>
  );
};
