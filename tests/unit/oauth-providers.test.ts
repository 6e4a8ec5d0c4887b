import { afterEach, describe, expect, it, vi } from "vitest";
import { buildProviders } from "@/lib/auth/providers";

type Options = {
  userinfo: { request: (ctx: { client: { userinfo: (t: string) => Promise<object> }; tokens: { access_token: string } }) => Promise<Record<string, unknown>> };
  profile: (p: Record<string, unknown>) => { id: string; email: string | null };
};

function githubOptions(): Options {
  const provider = buildProviders({ GITHUB_CLIENT_ID: "fake-id", GITHUB_CLIENT_SECRET: "fake-secret" }).find((p) => p.id === "github")!;
  return (provider as unknown as { options: Options }).options;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("GitHub sign-in profile", () => {
  it("always reads /user/emails and takes the e-mail only from the primary, verified address", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json([
        { email: "public-but-unverified@example.test", primary: false, verified: false, visibility: "public" },
        { email: "octo@example.test", primary: true, verified: true, visibility: "private" },
      ]),
    );
    vi.stubGlobal("fetch", fetchMock);
    const options = githubOptions();
    const profile = await options.userinfo.request({
      client: { userinfo: async () => ({ id: 42, login: "octo", name: null, email: "public-but-unverified@example.test" }) },
      tokens: { access_token: "fake-access-token" },
    });
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe("https://api.github.com/user/emails");
    expect(options.profile(profile)).toMatchObject({ id: "42", email: "octo@example.test" });
  });

  it("has no e-mail when GitHub verified none, whatever the profile shows", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("rate limited", { status: 403 })));
    const options = githubOptions();
    const profile = await options.userinfo.request({
      client: { userinfo: async () => ({ id: 43, login: "octo2", email: "claimed@example.test" }) },
      tokens: { access_token: "fake-access-token" },
    });
    expect(options.profile(profile).email).toBeNull();
  });
});

describe("sign-in through the sandbox", () => {
  type Config = { id: string; options: { clientId: string; wellKnown?: string; authorization?: { url: string }; token?: string; userinfo?: { url: string } } };
  const sandboxOn = { SANDBOX: "on", SANDBOX_URL: "http://127.0.0.1:4999/" };

  it("points each unconfigured provider at its emulator through next-auth's own URL options, with the sandbox's app", () => {
    const byId = Object.fromEntries((buildProviders({ ...sandboxOn, MICROSOFT_TENANT_ID: "5b0a0a1b-0000-4000-8000-5a4db0c5e365" }) as unknown as Config[]).map((p) => [p.id, p.options]));
    expect(byId.google).toMatchObject({ clientId: "switchboard-sandbox", wellKnown: "http://127.0.0.1:4999/google-calendar/.well-known/openid-configuration" });
    expect(byId["azure-ad"]).toMatchObject({
      clientId: "switchboard-sandbox",
      wellKnown: "http://127.0.0.1:4999/microsoft365/5b0a0a1b-0000-4000-8000-5a4db0c5e365/v2.0/.well-known/openid-configuration?appid=switchboard-sandbox",
    });
    expect(byId.github).toMatchObject({
      clientId: "switchboard-sandbox",
      authorization: { url: "http://127.0.0.1:4999/github/login/oauth/authorize" },
      token: "http://127.0.0.1:4999/github/login/oauth/access_token",
      userinfo: { url: "http://127.0.0.1:4999/github/user" },
    });
  });

  it("keeps a provider the operator configured at the real provider, sandbox or not", () => {
    const providers = buildProviders({ ...sandboxOn, GOOGLE_CLIENT_ID: "real-id", GOOGLE_CLIENT_SECRET: "real-secret" }) as unknown as Config[];
    const google = providers.find((p) => p.id === "google")!.options;
    expect(google).toMatchObject({ clientId: "real-id" });
    expect(google.wellKnown).toBeUndefined();
  });

  it("offers none of them with the sandbox off and nothing configured", () => {
    expect((buildProviders({ SANDBOX: "off" }) as unknown as Config[]).map((p) => p.id)).toEqual(["credentials"]);
  });
});
