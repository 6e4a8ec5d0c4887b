// Runs before every page and route: sets the security headers (a nonce-based CSP
// among them) and sends visitors without a session away from the admin pages.
// Roles are checked on the server by the pages and routes themselves.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { buildCsp, httpsDeployment, isGatedPath, readPaymentFormSources, securityHeaders, servedOverHttps, showsPageTag, showsPaymentForm, usesCamera } from "@/lib/headers/security";

export async function middleware(req: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = buildCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    captcha: Boolean(process.env.TURNSTILE_SITE_KEY && process.env.TURNSTILE_SECRET_KEY),
    // Computed from the providers' manifests by the server before Next.js starts
    // (scripts/serve.ts): the manifests' modules are not for this edge runtime.
    fileOrigins: (process.env.SWITCHBOARD_FILE_ORIGINS ?? "").split(" ").filter(Boolean),
    // Likewise the page tags' origins (an analytics tag, after the visitor consents), on the page that may load one.
    tagOrigins: showsPageTag(req.nextUrl.pathname) ? (process.env.SWITCHBOARD_TAG_ORIGINS ?? "").split(" ").filter(Boolean) : [],
    // And what a payment provider's on-page form loads, on that form's page alone.
    paymentForm: showsPaymentForm(req.nextUrl.pathname) ? readPaymentFormSources(process.env.SWITCHBOARD_PAYMENT_FORM_ORIGINS) : undefined,
  });

  let res: NextResponse;
  if (isGatedPath(req.nextUrl.pathname) && !(await getToken({ req, secret: process.env.NEXTAUTH_SECRET, secureCookie: httpsDeployment() }))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    res = NextResponse.redirect(login);
  } else {
    const headers = new Headers(req.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  const https = servedOverHttps({ protocol: req.nextUrl.protocol, forwardedProto: req.headers.get("x-forwarded-proto") });
  for (const [k, v] of Object.entries(securityHeaders(csp, { https, camera: usesCamera(req.nextUrl.pathname) }))) res.headers.set(k, v);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
