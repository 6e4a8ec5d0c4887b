import { describe, expect, it } from "vitest";
import { buildCsp, isGatedPath, securityHeaders, showsPageTag } from "@/lib/headers/security";
import { browserFileOrigins, browserTagOrigins } from "@/lib/integrations/browser-origins";

describe("security headers", () => {
  it("allows scripts only with the request's nonce and forbids framing", () => {
    const csp = buildCsp("abc123", { dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("admits Cloudflare Turnstile's script and frame only when the CAPTCHA is on", () => {
    expect(buildCsp("n", { dev: false })).not.toContain("challenges.cloudflare.com");
    const csp = buildCsp("n", { dev: false, captcha: true });
    expect(csp).toContain("frame-src https://challenges.cloudflare.com");
    expect(csp).toMatch(/script-src [^;]*'nonce-n'[^;]*https:\/\/challenges\.cloudflare\.com/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("lets images load from, and uploads go to, the file origins it is given and no others", () => {
    const csp = buildCsp("n", { dev: false, fileOrigins: ["https://files.example.test", "http://127.0.0.1:4010"] });
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/files\.example\.test http:\/\/127\.0\.0\.1:4010;/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/files\.example\.test http:\/\/127\.0\.0\.1:4010;/);
    expect(buildCsp("n", { dev: false })).toMatch(/connect-src 'self';/);
  });

  it("takes the file origins from the sandbox when it is on and from STORAGE_ORIGINS, refusing what is not an origin", () => {
    expect(browserFileOrigins({ SANDBOX: "on", SANDBOX_URL: "http://127.0.0.1:4999/" })).toContain("http://127.0.0.1:4999");
    expect(browserFileOrigins({ SANDBOX: "off" })).not.toContain("http://127.0.0.1:4010");
    expect(browserFileOrigins({ SANDBOX: "off", STORAGE_ORIGINS: "https://minio.example.test:9000, https://*.files.example.test" })).toEqual(
      expect.arrayContaining(["https://minio.example.test:9000", "https://*.files.example.test"]),
    );
    expect(() => browserFileOrigins({ SANDBOX: "off", STORAGE_ORIGINS: "https://x.test; script-src *" })).toThrow(/STORAGE_ORIGINS/);
  });

  it("admits a page tag's origins only where it is given them, and only the public event page is given them", () => {
    expect(buildCsp("n", { dev: false })).not.toContain("googletagmanager");
    const csp = buildCsp("n", { dev: false, tagOrigins: ["https://*.googletagmanager.com", "https://*.google-analytics.com"] });
    expect(csp).toMatch(/script-src [^;]*'strict-dynamic' https:\/\/\*\.googletagmanager\.com https:\/\/\*\.google-analytics\.com;/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.googletagmanager\.com https:\/\/\*\.google-analytics\.com;/);
    expect(csp).toMatch(/img-src [^;]*https:\/\/\*\.google-analytics\.com/);
    expect(showsPageTag("/e/launch-night")).toBe(true);
    expect(showsPageTag("/e/launch-night/")).toBe(true);
    for (const p of ["/e/launch-night/orders/1", "/events/1", "/settings/integrations", "/", "/login"]) expect(showsPageTag(p), p).toBe(false);
    expect(browserTagOrigins({ SANDBOX: "off" })).toEqual(expect.arrayContaining(["https://*.googletagmanager.com", "https://*.google-analytics.com"]));
    expect(browserTagOrigins({ SANDBOX: "on", SANDBOX_URL: "http://127.0.0.1:4999/" })).toContain("http://127.0.0.1:4999");
  });

  it("allows eval only in development, where React's dev tools need it", () => {
    expect(buildCsp("n", { dev: true })).toContain("'unsafe-eval'");
  });

  it("sets referrer policy, nosniff and frame denial alongside the CSP", () => {
    const h = securityHeaders("default-src 'self'");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Content-Security-Policy"]).toBe("default-src 'self'");
  });

  it("gates the admin areas and nothing else", () => {
    expect(isGatedPath("/events")).toBe(true);
    expect(isGatedPath("/events/123")).toBe(true);
    expect(isGatedPath("/settings/deliveries")).toBe(true);
    expect(isGatedPath("/reports/events/123")).toBe(true);
    expect(isGatedPath("/e/launch-night")).toBe(false);
    expect(isGatedPath("/eventsx")).toBe(false);
    expect(isGatedPath("/login")).toBe(false);
    expect(isGatedPath("/api/public/events/x/registrations")).toBe(false);
  });
});
