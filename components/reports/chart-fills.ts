// The series of every report chart, each told apart by a texture as well as a
// colour (WCAG 1.4.1), so a chart reads in greyscale and in print.
import { pattern, patterns, type RechartsFill } from "recharts";

export const FILLS = {
  solid: "#1d4ed8",
  diagonal: { color: "#b91c1c", definition: pattern({ ...patterns.diagonal, opacity: 0.7 }) },
  crosshatch: { color: "#047857", definition: pattern({ ...patterns.crosshatch, opacity: 0.7 }) },
} satisfies Record<string, string | RechartsFill>;

export const AXIS_TICK = { fontSize: 12, fill: "#334155" };
export const CHART_STYLE = { width: "100%", height: 280 };
