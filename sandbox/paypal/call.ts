// What one emulated API operation gets, and what it answers with: a status and a
// body, and for the operations PayPal-Request-Id covers, what it made.
import type { Ctx } from "../core/context";
import type { PayPalAnswer } from "./errors";
import type { World } from "./world";

export interface PayPalCall {
  w: World;
  ctx: Ctx;
  /** The app the access token belongs to. */
  clientId: string;
  /** The parsed JSON body, or undefined. */
  body: unknown;
  pathParams: Record<string, string>;
  /** Prefer: return=representation asks for the whole object; PayPal answers minimally otherwise. */
  representation: boolean;
}

export interface Made {
  kind: "order" | "refund";
  id: string;
}

export type Result = PayPalAnswer & { made?: Made };
export type Operation = (call: PayPalCall) => Result;

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
