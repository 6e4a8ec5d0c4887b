// The Content-Security-Policy and the other security headers every response gets.
// Scripts run only with the per-request nonce (Next.js applies it to its own
// scripts); nothing may frame our pages.
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/** `captcha`: the public forms show Cloudflare Turnstile, whose script and frame come from its origin. */
export function buildCsp(nonce: string, opts: { dev: boolean; captcha?: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : []), ...(opts.captcha ? [TURNSTILE_ORIGIN] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(opts.dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(opts.captcha ? { "frame-src": [TURNSTILE_ORIGIN] } : {}),
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    "Content-Security-Policy": csp,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

/** Pages that need a signed-in member. /settings additionally needs owner or admin, checked on the server. */
export function isGatedPath(pathname: string): boolean {
  return /^\/(events|settings)(\/|$)/.test(pathname);
}
