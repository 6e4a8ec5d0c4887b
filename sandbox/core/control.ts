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

/**
 * A dispute a bank or buyer opens on a payment a control request names (a Stripe
 * charge, a PayPal capture): the reason is checked against the provider's own
 * list, `open` refuses with a sentence when the payment cannot be disputed.
 */
export function disputeControl<Payment, Dispute>(
  payment: Payment | ControlResult,
  input: ControlInput,
  rules: { reasons: readonly string[]; defaultReason: string; open: (p: Payment, reason: string) => Dispute | string; view: (d: Dispute, p: Payment) => unknown },
): ControlResult {
  if (typeof payment === "object" && payment !== null && isResult(payment)) return payment;
  const reason = input.reason ?? rules.defaultReason;
  if (typeof reason !== "string" || !rules.reasons.includes(reason)) return bad(`reason must be one of ${rules.reasons.join(", ")}`);
  const d = rules.open(payment as Payment, reason);
  if (typeof d === "string") return conflict(d);
  return { status: 200, body: rules.view(d, payment as Payment) };
}
