// The control API resets state, injects faults, mints tokens and moves the clock:
// only callers holding the sandbox's control token may do that. Anyone else who
// can reach the port (an outbound webhook an admin aimed at it, a page in a
// browser) may only read, and post to the demo receiver. The token is made at
// start (or given as SANDBOX_CONTROL_TOKEN) and handed to whoever runs the
// sandbox: tests, `npm start` for the app's own sandbox-mode set-up, never the
// outbound webhook transport.
import { timingSafeEqual } from "node:crypto";
import { header, type Ctx } from "../core/context";

export const CONTROL_TOKEN_HEADER = "x-sandbox-control-token";

const READS = new Set(["GET", "HEAD"]);

/** Reads are open; anything else needs the token. */
export function controlAllowed(ctx: Ctx): boolean {
  if (READS.has(ctx.method)) return true;
  const given = Buffer.from(header(ctx, CONTROL_TOKEN_HEADER) ?? "");
  const expected = Buffer.from(ctx.rt.controlToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
