"use client";
// A report's bar chart: one bar per series and category, each series with its
// own texture (chart-fills.ts), labelled axes, and a label that points to the
// table holding the same numbers.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_STYLE, FILLS } from "./chart-fills";

interface Props {
  label: string;
  data: ReadonlyArray<object>;
  xKey: string;
  xLabel: string;
  yLabel: string;
  bars: ReadonlyArray<{ key: string; name: string; fill: keyof typeof FILLS }>;
}

export function BarsChart({ label, data, xKey, xLabel, yLabel, bars }: Props) {
  return (
    <figure aria-label={label}>
      <BarChart data={[...data]} style={CHART_STYLE} responsive margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={xKey} tick={AXIS_TICK} label={{ value: xLabel, position: "insideBottom", offset: -16 }} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} label={{ value: yLabel, angle: -90, position: "insideLeft" }} />
        <Tooltip />
        <Legend verticalAlign="top" />
        {bars.map((b) => <Bar key={b.key} dataKey={b.key} name={b.name} fill={FILLS[b.fill]} isAnimationActive={false} />)}
      </BarChart>
    </figure>
  );
}
