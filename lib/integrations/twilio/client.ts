// A Twilio client per call, made with the connection's own credentials and pointed
// at the sandbox through the SDK's domains' base URLs (the api, messaging and
// content domains each carry one) in sandbox mode.
import twilio from "twilio";
import type { TwilioContext } from "./manifest";

export type TwilioClient = ReturnType<typeof twilio>;

const TIMEOUT_MS = 10_000;

export function twilioClient(ctx: Pick<TwilioContext, "credentials" | "baseUrl" | "connection">): TwilioClient {
  const { accountSid, authToken, apiKeySid, apiKeySecret } = ctx.credentials;
  const client = apiKeySid ? twilio(apiKeySid, apiKeySecret, { accountSid, timeout: TIMEOUT_MS }) : twilio(accountSid, authToken, { timeout: TIMEOUT_MS });
  if (ctx.connection.mode === "sandbox") {
    const base = ctx.baseUrl.replace(/\/$/, "");
    client.api.baseUrl = base;
    client.messaging.baseUrl = `${base}/messaging`;
    client.content.baseUrl = `${base}/content`;
  }
  return client;
}

/** What the SDK keeps of the last answer; its RestException leaves the headers out, so Retry-After is read here. */
export function lastHeaders(client: TwilioClient): Record<string, unknown> {
  const res = (client.httpClient as { lastResponse?: { headers?: Record<string, unknown> } } | undefined)?.lastResponse;
  return res?.headers ?? {};
}

/**
 * Runs `fn` with a fresh client through the call policy; a refusal carries the
 * answer's Retry-After so classifyTwilioError can honour it.
 */
export function callTwilio<T>(ctx: TwilioContext, operation: string, fn: (client: TwilioClient) => Promise<T>): Promise<T> {
  return ctx.call(operation, async () => {
    const client = twilioClient(ctx);
    try {
      return await fn(client);
    } catch (err) {
      if (err && typeof err === "object" && "status" in err) (err as { retryAfter?: unknown }).retryAfter = lastHeaders(client)["retry-after"];
      throw err;
    }
  });
}
