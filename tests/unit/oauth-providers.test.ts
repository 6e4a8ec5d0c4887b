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
