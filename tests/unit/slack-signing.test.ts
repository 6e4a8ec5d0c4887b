// Slack's v0 request signature, checked as Slack documents it: the exact bytes,
// a five-minute window either side, one of the app's secrets, constant time.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "@/lib/integrations/slack/signing";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = 1_531_420_618_000;
// Slack's own worked example (api.slack.com, "Verifying requests from Slack").
const BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

function headers(signature: string | null, timestamp: string | null) {
  const h = new Headers();
  if (signature !== null) h.set("x-slack-signature", signature);
  if (timestamp !== null) h.set("x-slack-request-timestamp", timestamp);
  return h;
}

describe("Slack request signatures", () => {
  it("matches Slack's documented example", () => {
    expect(slackSignature(SECRET, 1531420618, BODY)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    expect(() => verifySlackSignature(BODY, headers("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "1531420618"), [SECRET], NOW)).not.toThrow();
  });

  it("accepts any of several secrets, and refuses every other case", () => {
    const ts = "1531420618";
    const good = slackSignature(SECRET, ts, BODY);
    expect(() => verifySlackSignature(BODY, headers(good, ts), ["another-secret", SECRET], NOW)).not.toThrow();
    const cases: Array<[string, Headers, string, number]> = [
      ["wrong secret", headers(slackSignature("wrong", ts, BODY), ts), BODY, NOW],
      ["altered body", headers(good, ts), BODY + "&x=1", NOW],
      ["missing signature", headers(null, ts), BODY, NOW],
      ["missing timestamp", headers(good, null), BODY, NOW],
      ["malformed timestamp", headers(good, "12e5"), BODY, NOW],
      ["truncated signature", headers(good.slice(0, 20), ts), BODY, NOW],
      ["v1 scheme", headers(good.replace("v0=", "v1="), ts), BODY, NOW],
      ["5 min 1 s old", headers(good, ts), BODY, NOW + 301_000],
      ["5 min 1 s ahead", headers(good, ts), BODY, NOW - 301_000],
    ];
    for (const [name, h, body, now] of cases) expect(() => verifySlackSignature(body, h, [SECRET], now), name).toThrow();
    // Exactly at the edge of the window is still fine.
    expect(() => verifySlackSignature(BODY, headers(good, ts), [SECRET], NOW + 300_000)).not.toThrow();
    // The HMAC is the documented one, not a lookalike.
    expect(good).toBe("v0=" + createHmac("sha256", SECRET).update(`v0:${ts}:${BODY}`).digest("hex"));
  });
});
