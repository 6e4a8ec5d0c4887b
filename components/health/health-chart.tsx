"use client";
// One chart of the Health page, drawn with Recharts. Each line has its own dash
// pattern and marker shape as well as its colour, the axes are labelled and the
// legend names every line, so the chart reads without colour; the numbers are
// also in the table under it.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  /** The bucket's start, in UTC, as the axis shows it. */
  label: string;
  [series: string]: number | string | null;
}

export interface ChartLine {
  key: string;
  name: string;
  color: string;
  dash?: string;
  marker: "circle" | "square" | "triangle" | "diamond";
}

export function HealthChart({ title, yLabel, points, lines, unit }: { title: string; yLabel: string; points: ChartPoint[]; lines: ChartLine[]; unit?: string }) {
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 520, height: 256 }}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 16 }} title={title}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} label={{ value: "Time (UTC)", position: "insideBottom", offset: -16, fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} unit={unit} label={{ value: yLabel, angle: -90, position: "insideLeft", offset: -4, fontSize: 12 }} />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          {lines.map((l) => (
            <Line
              key={l.key}
              type="linear"
              dataKey={l.key}
              name={l.name}
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dash}
              dot={{ symbol: l.marker, r: 4, fill: l.color }}
              legendType={l.marker}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
