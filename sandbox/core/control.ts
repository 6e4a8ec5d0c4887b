// What the control API (/_sandbox/…) asks of a module: operations that reach the
// parts of a provider no API call can (a dashboard, a bank, a buyer), answered as
// JSON. A module declares them by what follows /_sandbox/<name> in the path.
import type { Ctx } from "./context";

export type ControlResult = { status: number; body: unknown };

export type ControlInput = Record<string, unknown>;

/** `input` is the JSON object posted ({} for a GET). */
export type ControlOperation = (ctx: Ctx, input: ControlInput) => ControlResult | Promise<ControlResult>;

/** By what follows /_sandbox/<name> ("/settle", "/deliveries", or ".json"), then by method. */
export type ControlRoutes = Record<string, Partial<Record<"GET" | "POST" | "DELETE", ControlOperation>>>;

export const bad = (error: string): ControlResult => ({ status: 400, body: { error } });
export const notFound = (error: string): ControlResult => ({ status: 404, body: { error } });
export const conflict = (error: string): ControlResult => ({ status: 409, body: { error } });

export const isResult = (v: object): v is ControlResult => "body" in v;

export function asObject(v: unknown): ControlInput | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as ControlInput) : null;
}
