// PayPal's REST API over fetch, through the connection's call policy.
//
// PayPal's official server SDK (@paypal/paypal-server-sdk, checked at 2.5.0) is not
// used: its base URL is fixed per environment in getBaseUri() (api-m.paypal.com or
// api-m.sandbox.paypal.com, no override), so it cannot be pointed at the local
// sandbox, and it has no Webhooks API (create webhook, verify-webhook-signature).
import type { PayPalContext } from "./manifest";
import { okOrThrow, sendApi, tokenRejected, type PayPalRequest } from "./http";
import { accessToken, replaceToken } from "./token";

export async function paypalApi<T>(ctx: PayPalContext, operation: string, req: PayPalRequest): Promise<T> {
  const token = await accessToken(ctx);
  return ctx.call(operation, async (signal) => {
    let res = await sendApi(ctx.baseUrl, token.accessToken, req, signal);
    if (tokenRejected(res)) {
      // An expired or revoked token is not a credentials failure: one new token, one more
      // try, inside this attempt so the policy never counts it as an auth failure.
      const fresh = await replaceToken(ctx, token.accessToken, signal);
      res = await sendApi(ctx.baseUrl, fresh.accessToken, req, signal);
    }
    return okOrThrow<T>(res);
  });
}
