// One WebClient per call: the policy owns retries and rate limits, so the SDK's
// own are off, and the call's abort signal reaches the HTTP request.
import { WebClient } from "@slack/web-api";

export function slackClient(baseUrl: string, token: string | undefined, signal: AbortSignal): WebClient {
  return new WebClient(token, {
    slackApiUrl: baseUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: (input, init) => fetch(input, { ...init, signal }),
  });
}
