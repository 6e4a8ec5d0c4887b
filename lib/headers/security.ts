// The Content-Security-Policy and the other security headers every response gets.
// Scripts run only with the per-request nonce (Next.js applies it to its own
// scripts); nothing may frame our pages.
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/** What a payment provider's on-page form loads, per directive (its manifest's paymentFormOrigins, and the sandbox). */
export interface PaymentFormSources {
  script: readonly string[];
  frame: readonly string[];
  connect: readonly string[];
}

const NO_PAYMENT_FORM: PaymentFormSources = { script: [], frame: [], connect: [] };
const HOST_SOURCE = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/i;

/** The sources scripts/serve.ts computed from the manifests (JSON in an environment variable); anything that is not a host source is dropped. */
export function readPaymentFormSources(raw: string | undefined): PaymentFormSources {
  let parsed: Partial<Record<keyof PaymentFormSources, unknown>> = {};
  try {
    parsed = raw ? (JSON.parse(raw) as typeof parsed) : {};
  } catch {
    return NO_PAYMENT_FORM;
  }
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && HOST_SOURCE.test(s)) : []);
  return { script: list(parsed.script), frame: list(parsed.frame), connect: list(parsed.connect) };
}

/** The on-page payment form of an order: the only page whose CSP admits a payment provider's script and frames. */
export function showsPaymentForm(pathname: string): boolean {
  return /^\/e\/[^/]+\/orders\/[^/]+\/pay\/?$/.test(pathname);
}

/**
 * `paymentForm`: what the on-page payment form loads; given only for its page (see showsPaymentForm).
 * `captcha`: the public forms show Cloudflare Turnstile, whose script and frame come from its origin.
 * `fileOrigins`: where pages load images from and browsers upload files to, besides
 * ourselves (storage providers, the sandbox): lib/integrations/browser-origins.ts.
 * `tagOrigins`: where a consented page tag loads from and reports to (an analytics
 * tag); given only for the pages that may show one (see showsPageTag).
 */
export function buildCsp(
  nonce: string,
  opts: { dev: boolean; captcha?: boolean; fileOrigins?: readonly string[]; tagOrigins?: readonly string[]; paymentForm?: PaymentFormSources },
): string {
  const tags = opts.tagOrigins ?? [];
  const files = [...new Set([...(opts.fileOrigins ?? []), ...tags])];
  const form = opts.paymentForm ?? NO_PAYMENT_FORM;
  const frames = [...(opts.captcha ? [TURNSTILE_ORIGIN] : []), ...form.frame];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : []), ...(opts.captcha ? [TURNSTILE_ORIGIN] : []), ...tags, ...form.script],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...files],
    "font-src": ["'self'"],
    "connect-src": [...new Set(["'self'", ...files, ...form.connect]), ...(opts.dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(frames.length ? { "frame-src": [...new Set(frames)] } : {}),
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
