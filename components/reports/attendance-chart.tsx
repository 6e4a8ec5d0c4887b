"use client";
// Per event: registered (solid), checked in (cross-hatched) and no-shows (striped).
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { AttendanceRow } from "@/lib/reports/attendance";
import { AXIS_TICK, CHART_STYLE, FILLS } from "./chart-fills";

export function AttendanceChart({ events }: { events: AttendanceRow[] }) {
  return (
    <figure aria-label="Registered, checked in and no-shows per event; the numbers are in the table below">
      <BarChart data={events} style={CHART_STYLE} responsive margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="title" tick={AXIS_TICK} label={{ value: "Event", position: "insideBottom", offset: -16 }} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} label={{ value: "People", angle: -90, position: "insideLeft" }} />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="registered" name="Registered" fill={FILLS.solid} isAnimationActive={false} />
        <Bar dataKey="checkedIn" name="Checked in (cross-hatched)" fill={FILLS.crosshatch} isAnimationActive={false} />
        <Bar dataKey="noShow" name="No-show (striped)" fill={FILLS.diagonal} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
