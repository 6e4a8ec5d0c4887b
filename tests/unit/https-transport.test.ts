// Served over https, every response carries HSTS and next-auth's cookies are
// __Secure-/__Host- prefixed and Secure; the middleware reads the same cookie names.
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const SECRET = "fake-nextauth-secret-for-tests-only";

async function freshModules(env: Record<string, string | undefined>) {
  vi.resetModules();
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v as string);
  const { middleware } = await import("@/middleware");
  const { authOptions } = await import("@/lib/auth/options");
  const { default: NextAuth } = await import("next-auth/next");
  // The cookies next-auth sets for a request, through its own (pages-style) handler.
  async function setCookies(url: string): Promise<string[]> {
    const u = new URL(url);
    const headers = new Map<string, unknown>();
    const res = {
      getHeader: (k: string) => headers.get(k.toLowerCase()),
      setHeader: (k: string, v: unknown) => (headers.set(k.toLowerCase(), v), res),
      status: () => res,
      send: () => res,
      json: () => res,
      end: () => res,
    };
    const req = { method: "GET", query: { nextauth: u.pathname.split("/").slice(3) }, headers: { host: u.host }, cookies: {}, body: {} };
    await (NextAuth as unknown as (...a: unknown[]) => Promise<void>)(req, res, authOptions);
    return ([] as string[]).concat((headers.get("set-cookie") as string[] | undefined) ?? []);
  }
  return { middleware, authOptions, setCookies };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const hsts = (res: Response) => res.headers.get("strict-transport-security");

describe("HSTS", () => {
  it("is sent when the public URL is https, even on the proxy's plain-http hop", async () => {
    const { middleware } = await freshModules({ APP_URL: "https://switchboard.example", NEXTAUTH_URL: undefined });
    const res = await middleware(new NextRequest("http://127.0.0.1:3000/login"));
    expect(hsts(res)).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(/max-age=(\d+)/.exec(hsts(res)!)![1])).toBeGreaterThanOrEqual(31_536_000);
  });

  it("is sent when the request arrived over https at the proxy (x-forwarded-proto)", async () => {
    const { middleware } = await freshModules({ APP_URL: "http://localhost:3000", NEXTAUTH_URL: undefined });
    const res = await middleware(new NextRequest("http://127.0.0.1:3000/e/launch", { headers: { "x-forwarded-proto": "https" } }));
    expect(hsts(res)).toContain("max-age=");
  });

  it("is not sent for a plain-http deployment", async () => {
    const { middleware } = await freshModules({ APP_URL: "http://localhost:3000", NEXTAUTH_URL: undefined });
    expect(hsts(await middleware(new NextRequest("http://localhost:3000/login")))).toBeNull();
    expect(hsts(await middleware(new NextRequest("http://localhost:3000/login", { headers: { "x-forwarded-proto": "http" } })))).toBeNull();
  });

  it("is sent on the redirect to sign-in too", async () => {
    const { middleware } = await freshModules({ APP_URL: "https://switchboard.example", NEXTAUTH_URL: undefined });
    const res = await middleware(new NextRequest("https://switchboard.example/events"));
    expect(res.status).toBe(307);
    expect(hsts(res)).toContain("max-age=");
  });
});

describe("session cookies over https", () => {
  it("next-auth sets __Host-/__Secure- cookies with the Secure flag when only APP_URL is https", async () => {
    const { setCookies } = await freshModules({ APP_URL: "https://switchboard.example", NEXTAUTH_URL: undefined });
    const cookies = [...(await setCookies("https://switchboard.example/api/auth/csrf")), ...(await setCookies("https://switchboard.example/api/auth/signin?callbackUrl=%2Fevents"))];
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/^__(Host|Secure)-next-auth\./);
      expect(c).toMatch(/;\s*Secure/i);
    }
  });

  it("the middleware reads the __Secure- session cookie next-auth issues", async () => {
    const { middleware } = await freshModules({ APP_URL: "https://switchboard.example", NEXTAUTH_URL: undefined });
    const token = await encode({ token: { sub: "u1", uid: "u1" }, secret: SECRET });
    const res = await middleware(new NextRequest("https://switchboard.example/events", { headers: { cookie: `__Secure-next-auth.session-token=${token}` } }));
    expect(res.status).toBe(200);
  });

  it("keeps plain cookie names on a plain-http deployment, where Secure cookies would not be stored", async () => {
    const { setCookies } = await freshModules({ APP_URL: "http://localhost:3000", NEXTAUTH_URL: undefined });
    const cookies = await setCookies("http://localhost:3000/api/auth/csrf");
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/^next-auth\./);
      expect(c).not.toMatch(/;\s*Secure/i);
    }
  });
});
