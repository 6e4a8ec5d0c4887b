// The Content-Security-Policy and the other security headers every response gets.
// Scripts run only with the per-request nonce (Next.js applies it to its own
// scripts); nothing may frame our pages.
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/**
 * `captcha`: the public forms show Cloudflare Turnstile, whose script and frame come from its origin.
 * `fileOrigins`: where pages load images from and browsers upload files to, besides
 * ourselves (storage providers, the sandbox): lib/integrations/browser-origins.ts.
 * `tagOrigins`: where a consented page tag loads from and reports to (an analytics
 * tag); given only for the pages that may show one (see showsPageTag).
 */
export function buildCsp(nonce: string, opts: { dev: boolean; captcha?: boolean; fileOrigins?: readonly string[]; tagOrigins?: readonly string[] }): string {
  const tags = opts.tagOrigins ?? [];
  const files = [...new Set([...(opts.fileOrigins ?? []), ...tags])];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : []), ...(opts.captcha ? [TURNSTILE_ORIGIN] : []), ...tags],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...files],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...files, ...(opts.dev ? ["ws:"] : [])],
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

type Env = Record<string, string | undefined>;

const isHttps = (url: string | undefined) => !!url && /^https:\/\//i.test(url.trim());

/**
 * The deployment's public URL (APP_URL or NEXTAUTH_URL) is https. This alone decides
 * the session cookies (__Secure-/__Host- names, Secure flag): next-auth, the server's
 * session check and the middleware must agree on the names, and a request header
 * anyone can send must not decide them.
 */
export function httpsDeployment(env: Env = process.env): boolean {
  return isHttps(env.APP_URL) || isHttps(env.NEXTAUTH_URL);
}

/**
 * For HSTS the request's own word is enough: the scheme it arrived with, or the
 * first x-forwarded-proto entry (the client's hop, as a TLS-terminating proxy writes
 * it). A forged header is harmless here, because browsers ignore HSTS on responses
 * that did not come over https (RFC 6797, 8.1).
 */
export function servedOverHttps(req: { protocol?: string; forwardedProto?: string | null }, env: Env = process.env): boolean {
  if (httpsDeployment(env)) return true;
  if (req.protocol === "https:") return true;
  return req.forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

// A year, the minimum browsers' preload lists accept; subdomains of our own host
// are ours too. No "preload": that is the operator's decision for their domain.
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Pages that read the device camera (the check-in scanner): the only ones the camera is allowed on, and only for our own origin. */
export function usesCamera(pathname: string): boolean {
  return /^\/events\/[^/]+\/check-in\/?$/.test(pathname);
}

export function securityHeaders(csp: string, opts: { https?: boolean; camera?: boolean } = {}): Record<string, string> {
  return {
    ...(opts.https ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
    "Content-Security-Policy": csp,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": `camera=${opts.camera ? "(self)" : "()"}, microphone=(), geolocation=()`,
  };
}

/**
 * The public event page, the one page whose visitors are asked to accept an
 * analytics tag: the only page whose CSP admits the tags' origins.
 */
export function showsPageTag(pathname: string): boolean {
  return /^\/e\/[^/]+\/?$/.test(pathname);
}

/** Pages that need a signed-in member. /settings and /reports additionally need owner or admin, checked on the server. */
export function isGatedPath(pathname: string): boolean {
  return /^\/(events|settings|reports)(\/|$)/.test(pathname);
}
