// The on-page payment form's page is the only one whose CSP admits a payment
// provider's script, frames and API; every other page admits none of them.
import { describe, expect, it } from "vitest";
import { buildCsp, readPaymentFormSources, showsPaymentForm } from "@/lib/headers/security";
import { browserPaymentFormOrigins } from "@/lib/integrations/browser-origins";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("the payment form's CSP", () => {
  it("is given to the pay page of an order and to no other page", () => {
    expect(showsPaymentForm("/e/launch-night/orders/8b0e6f1c-64f4-4b0c-9f53-3c1f1d1e2a10/pay")).toBe(true);
    expect(showsPaymentForm("/e/launch-night/orders/8b0e6f1c-64f4-4b0c-9f53-3c1f1d1e2a10/pay/")).toBe(true);
    for (const p of ["/e/launch-night", "/e/launch-night/orders/1", "/e/launch-night/orders/1/return", "/e/launch-night/orders/1/pay/x", "/pay", "/settings/integrations", "/"]) {
      expect(showsPaymentForm(p), p).toBe(false);
    }
  });

  it("admits exactly what Stripe.js needs in live mode, on that page", () => {
    const live = browserPaymentFormOrigins({ SANDBOX: "off" });
    expect(live.script).toEqual(["https://js.stripe.com", "https://*.js.stripe.com"]);
    expect(live.frame).toEqual(["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"]);
    expect(live.connect).toEqual(["https://api.stripe.com"]);
    const csp = buildCsp("n", { dev: false, paymentForm: live });
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-n' 'strict-dynamic' https://js.stripe.com https://*.js.stripe.com");
    expect(directive(csp, "frame-src")).toBe("frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
    expect(directive(csp, "connect-src")).toBe("connect-src 'self' https://api.stripe.com");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    // Elsewhere: no provider origin anywhere, and no frames at all.
    const other = buildCsp("n", { dev: false });
    expect(other).not.toContain("stripe.com");
    expect(directive(other, "frame-src")).toBe("");
  });

  it("admits the sandbox, whose Stripe.js stand-in and card frame come from there, when the sandbox is on", () => {
    const sandbox = browserPaymentFormOrigins({ SANDBOX: "on", SANDBOX_URL: "http://127.0.0.1:4999/" });
    for (const list of [sandbox.script, sandbox.frame, sandbox.connect]) expect(list).toContain("http://127.0.0.1:4999");
    const csp = buildCsp("n", { dev: false, paymentForm: sandbox, captcha: true });
    expect(directive(csp, "frame-src")).toBe("frame-src https://challenges.cloudflare.com https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com http://127.0.0.1:4999");
    expect(directive(csp, "script-src")).toContain("http://127.0.0.1:4999");
  });

  it("reads the sources the server computed, dropping anything that is not a host source", () => {
    const raw = JSON.stringify({ script: ["https://js.stripe.com", "'unsafe-inline'", "https://x.test; script-src *"], frame: ["https://hooks.stripe.com"], connect: "https://api.stripe.com" });
    expect(readPaymentFormSources(raw)).toEqual({ script: ["https://js.stripe.com"], frame: ["https://hooks.stripe.com"], connect: [] });
    expect(readPaymentFormSources(undefined)).toEqual({ script: [], frame: [], connect: [] });
    expect(readPaymentFormSources("{not json")).toEqual({ script: [], frame: [], connect: [] });
  });
});
