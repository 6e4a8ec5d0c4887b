// Refreshing OAuth tokens: before expiry, once for any number of concurrent
// callers, keeping the refresh token when the provider sends none, and marking
// the connection for attention when the grant is revoked.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderCallError, defineConnector, defineManifest, type OAuthTokens } from "@/lib/integrations/contract";
import { appKeyring } from "@/lib/vault/app-keyring";
import { freshTokens, needsRefresh, refreshUnderLock } from "@/lib/integrations/connections/refresh";
import { createDb } from "@/lib/db/client";
import { readCredentials } from "@/lib/integrations/connections/credentials";
import { oauthTokensSchema } from "@/lib/integrations/oauth/tokens";
import { useOrgDatabase } from "../helpers/org-database";
import { insertConnection } from "../helpers/connections";
import { makeOrg } from "../helpers/fixtures";

const t = useOrgDatabase();

function fakeOAuthConnector(refresh: () => Promise<OAuthTokens>) {
  const manifest = defineManifest<OAuthTokens, Record<string, never>>({
    id: "fake-oauth",
    name: "Fake OAuth",
    category: "developer",
    description: "",
    auth: "oauth2",
    baseUrls: { live: "https://provider.invalid/", sandboxPath: "/fake/" },
    credentialsSchema: oauthTokensSchema,
    settingsSchema: z.object({}),
    oauth: { scopes: ["read"], pkce: true, scopeSeparator: " " },
  });
  return defineConnector(manifest, {
    oauth: {
      authorizeUrl: (b) => `${b}authorize`,
      liveClient: () => null,
      exchange: async () => {
        throw new Error("not used");
      },
      refresh: async ({ call }) => call("oauth.refresh", () => refresh()),
    },
    classifyError: (err) =>
      (err as Error).message === "invalid_grant"
        ? { kind: "auth", message: "Token has been expired or revoked." }
        : { kind: "transient", message: String((err as Error).message) },
    testConnection: async () => ({ account: { id: "x", name: "x" }, detail: "" }),
    handlers: {},
  });
}

const soon = () => new Date(Date.now() + 60_000).toISOString();
const later = () => new Date(Date.now() + 3600_000).toISOString();

describe("OAuth token refresh", () => {
  it("treats tokens expiring within five minutes as due", () => {
    expect(needsRefresh({ accessToken: "a", scopes: [], expiresAt: soon() })).toBe(true);
    expect(needsRefresh({ accessToken: "a", scopes: [], expiresAt: later() })).toBe(false);
    expect(needsRefresh({ accessToken: "a", scopes: [] })).toBe(false);
  });

  it("refreshes exactly once for 50 concurrent callers, and keeps the old refresh token", async () => {
    let refreshes = 0;
    const connector = fakeOAuthConnector(async () => {
      refreshes++;
      await new Promise((r) => setTimeout(r, 50));
      return { accessToken: `access-${refreshes}`, expiresAt: later(), scopes: ["read"] };
    });
    const row = await insertConnection(t.db, {
      orgId: (await makeOrg(t.db)).id,
      connectorId: "fake-oauth",
      credentials: { accessToken: "access-0", refreshToken: "refresh-original", expiresAt: soon(), scopes: ["read"] },
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => freshTokens(t.db, appKeyring(), connector, row)));
    expect(refreshes).toBe(1);
    expect(new Set(results.map((r) => r.accessToken))).toEqual(new Set(["access-1"]));
    const stored = await t.db.selectFrom("connections").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    const tokens = await readCredentials<OAuthTokens>(t.db, appKeyring(), stored, "Fake");
    expect(tokens.refreshToken).toBe("refresh-original");
    expect(tokens.accessToken).toBe("access-1");
    expect(stored.token_expires_at!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const refreshCalls = await t.db.selectFrom("integration_calls").select("outcome").where("connection_id", "=", row.id).execute();
    expect(refreshCalls).toEqual([{ outcome: "success" }]);
  });

  it("refreshes once when several processes (separate pools) race for it", async () => {
    let refreshes = 0;
    const connector = fakeOAuthConnector(async () => {
      refreshes++;
      await new Promise((r) => setTimeout(r, 50));
      return { accessToken: `cross-${refreshes}`, expiresAt: later(), scopes: ["read"] };
    });
    const row = await insertConnection(t.db, {
      orgId: (await makeOrg(t.db)).id,
      connectorId: "fake-oauth",
      credentials: { accessToken: "stale", refreshToken: "refresh-cross", expiresAt: soon(), scopes: ["read"] },
    });
    const pools = Array.from({ length: 5 }, () => createDb(t.url, 3));
    try {
      const results = await Promise.all(pools.map((p) => refreshUnderLock(p, appKeyring(), connector, row)));
      expect(refreshes).toBe(1);
      expect(results.map((r) => r.accessToken)).toEqual(Array(5).fill("cross-1"));
    } finally {
      await Promise.all(pools.map((p) => p.destroy()));
    }
  });

  it("does not refresh tokens that are still fresh", async () => {
    let refreshes = 0;
    const connector = fakeOAuthConnector(async () => {
      refreshes++;
      return { accessToken: "new", scopes: ["read"] };
    });
    const row = await insertConnection(t.db, {
      orgId: (await makeOrg(t.db)).id,
      connectorId: "fake-oauth",
      credentials: { accessToken: "still-good", refreshToken: "r", expiresAt: later(), scopes: ["read"] },
    });
    expect((await freshTokens(t.db, appKeyring(), connector, row)).accessToken).toBe("still-good");
    expect(refreshes).toBe(0);
  });

  it("marks the connection as needing attention when the refresh token was revoked", async () => {
    const connector = fakeOAuthConnector(async () => {
      throw new Error("invalid_grant");
    });
    const row = await insertConnection(t.db, {
      orgId: (await makeOrg(t.db)).id,
      connectorId: "fake-oauth",
      credentials: { accessToken: "old-access-token", refreshToken: "refresh-token-that-was-revoked", expiresAt: soon(), scopes: ["read"] },
    });
    const err = await freshTokens(t.db, appKeyring(), connector, row).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure.kind).toBe("auth");
    expect((err as ProviderCallError).permanent).toBe(true);
    const after = await t.db.selectFrom("connections").select(["status", "status_reason"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("needs_attention");
    expect(after.status_reason).toContain("expired or revoked");
    // Only one attempt: an auth failure is never retried.
    const calls = await t.db.selectFrom("integration_calls").select(["outcome", "attempt"]).where("connection_id", "=", row.id).execute();
    expect(calls).toEqual([{ outcome: "failure", attempt: 1 }]);
  });
});
