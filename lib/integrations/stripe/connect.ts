// Stripe Connect (Standard accounts by OAuth): the organizer clicks Connect, approves
// on Stripe, and the grant's access token acts on their account like their own
// secret key. The platform's client id and secret key come from the environment in
// live mode; the sandbox's app stands in for them in sandbox mode.
import type { OAuthFlow } from "../contract";
import { stripeClient } from "./client";
import type { StripeCredentials } from "./manifest";

const LIVE_API_HOST = "api.stripe.com";

export const stripeConnectOAuth: OAuthFlow = {
  authorizeUrl: (baseUrl) => (new URL(baseUrl).hostname === LIVE_API_HOST ? "https://connect.stripe.com/oauth/authorize" : new URL("oauth/authorize", baseUrl).toString()),
  liveClient: (env) =>
    env.STRIPE_CONNECT_CLIENT_ID && env.STRIPE_PLATFORM_SECRET_KEY ? { clientId: env.STRIPE_CONNECT_CLIENT_ID, clientSecret: env.STRIPE_PLATFORM_SECRET_KEY } : null,
  async exchange({ code, client, baseUrl, call }) {
    // stripe-node sends OAuth calls to connect.stripe.com, or to the configured host (the sandbox).
    const grant = await call("oauth.token", () => stripeClient(baseUrl, client.clientSecret).oauth.token({ grant_type: "authorization_code", code }));
    if (!grant.access_token || !grant.stripe_user_id || !grant.stripe_publishable_key) throw new Error("Stripe's grant lacked the account's keys");
    const credentials: StripeCredentials = {
      secretKey: grant.access_token,
      publishableKey: grant.stripe_publishable_key,
      webhookSecret: "",
      connectedVia: "connect",
    };
    return {
      tokens: { accessToken: grant.access_token, refreshToken: grant.refresh_token, scopes: (grant.scope ?? "").split(" ").filter(Boolean), tokenType: grant.token_type },
      // The name is filled in by the connection test that follows.
      account: { id: grant.stripe_user_id, name: grant.stripe_user_id },
      credentials,
    };
  },
  async revoke({ tokens, client, baseUrl, call, accountId }) {
    // Keys typed into the form are the organizer's own; only a Connect grant is ours to revoke.
    if ((tokens as unknown as StripeCredentials).connectedVia !== "connect" || !accountId) return;
    await call("oauth.deauthorize", () => stripeClient(baseUrl, client.clientSecret).oauth.deauthorize({ client_id: client.clientId, stripe_user_id: accountId }));
  },
};
