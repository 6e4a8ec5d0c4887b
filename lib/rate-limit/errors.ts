// What a used-up limit looks like to the code that hit it and to the client.
/** A limit is used up: answered 429 with Retry-After. The message says what and how long to wait. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

export function humanWait(sec: number): string {
  if (sec < 60) return sec <= 1 ? "a second" : `${sec} seconds`;
  const min = Math.ceil(sec / 60);
  return min === 1 ? "a minute" : `${min} minutes`;
}

/** The 429 answer: Retry-After in seconds, and the sentence under `message` as every error answer has it. */
export function tooManyRequests(err: RateLimitedError): Response {
  return Response.json(
    { error: "rate_limited", message: err.message, retryAfter: err.retryAfterSec },
    { status: 429, headers: { "Retry-After": String(err.retryAfterSec), "Cache-Control": "no-store" } },
  );
}
