// How GitHub's failures read to the call policy: an exhausted rate limit (403 or
// 429 with x-ratelimit-remaining: 0 or Retry-After) is a wait, not a refused
// credential; 401 needs a person; 404 and 422 are not retried.
import { describe, expect, it } from "vitest";
import { classifyGithubError } from "@/lib/integrations/github/errors";

function httpError(status: number, headers: Record<string, string> = {}, data: unknown = { message: "Nope" }) {
  return Object.assign(new Error("Nope"), { name: "HttpError", status, response: { headers, data } });
}

describe("classifyGithubError", () => {
  it("reads an exhausted rate limit as rate_limited, waiting until the reset or Retry-After", () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    const primary = classifyGithubError(httpError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }));
    expect(primary.kind).toBe("rate_limited");
    expect(primary.retryAfterMs).toBeGreaterThan(25_000);
    expect(classifyGithubError(httpError(403, { "retry-after": "60" }))).toMatchObject({ kind: "rate_limited", retryAfterMs: 60_000 });
    expect(classifyGithubError(httpError(429))).toMatchObject({ kind: "rate_limited" });
  });

  it("tells refused credentials, missing things and refused requests apart, with GitHub's own words", () => {
    expect(classifyGithubError(httpError(401, {}, { message: "Bad credentials" }))).toMatchObject({ kind: "auth", message: expect.stringContaining("Bad credentials") });
    expect(classifyGithubError(httpError(403, {}, { message: "Resource not accessible by integration" }))).toMatchObject({ kind: "auth" });
    expect(classifyGithubError(httpError(404))).toMatchObject({ kind: "not_found" });
    const invalid = classifyGithubError(httpError(422, {}, { message: "Repository creation failed.", errors: [{ message: "name already exists on this account" }] }));
    expect(invalid).toMatchObject({ kind: "invalid", message: "GitHub answered 422: Repository creation failed.: name already exists on this account" });
    expect(classifyGithubError(httpError(502))).toMatchObject({ kind: "transient" });
  });

  it("reads an unreachable GitHub as transient", () => {
    expect(classifyGithubError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toMatchObject({ kind: "transient" });
  });
});
