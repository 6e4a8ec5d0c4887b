"use client";
// One currency's revenue per day: gross (solid) and refunded (striped) bars, net
// as a line with square markers. Never two currencies on one axis.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueDay } from "@/lib/reports/revenue";
import { decimalAmount } from "@/lib/reports/amounts";
import { AXIS_TICK, CHART_STYLE, FILLS } from "./chart-fills";

export function RevenueChart({ currency, days }: { currency: string; days: RevenueDay[] }) {
  const amount = (minor: number) => Number(decimalAmount(minor, currency));
  const data = days.map((d) => ({ day: d.day, gross: amount(d.grossMinor), refunded: amount(d.refundedMinor), net: amount(d.netMinor) }));
  return (
    <figure aria-label={`Revenue in ${currency} per day (UTC): gross, refunded and net; the numbers are in the table below`}>
      <ComposedChart data={data} style={CHART_STYLE} responsive margin={{ top: 8, right: 8, bottom: 24, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tick={AXIS_TICK} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16 }} />
        <YAxis tick={AXIS_TICK} label={{ value: currency, angle: -90, position: "insideLeft" }} />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="gross" name="Gross" fill={FILLS.solid} isAnimationActive={false} />
        <Bar dataKey="refunded" name="Refunded (striped)" fill={FILLS.diagonal} isAnimationActive={false} />
        <Line dataKey="net" name="Net (line, squares)" stroke="#0f172a" strokeWidth={2} dot={{ r: 4, strokeWidth: 2 }} legendType="square" isAnimationActive={false} />
      </ComposedChart>
    </figure>
  );
}
