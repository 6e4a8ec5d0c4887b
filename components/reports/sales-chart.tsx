"use client";
// Tickets sold per day, with the refunded ones beside them (striped).
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { SalesDay } from "@/lib/reports/sales";
import { AXIS_TICK, CHART_STYLE, FILLS } from "./chart-fills";

export function SalesChart({ days }: { days: SalesDay[] }) {
  return (
    <figure aria-label="Tickets sold and refunded per day (UTC); the numbers are in the table below">
      <BarChart data={days} style={CHART_STYLE} responsive margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tick={AXIS_TICK} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16 }} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} label={{ value: "Tickets", angle: -90, position: "insideLeft" }} />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="tickets" name="Tickets sold" fill={FILLS.solid} isAnimationActive={false} />
        <Bar dataKey="refundedTickets" name="Refunded (striped)" fill={FILLS.diagonal} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
