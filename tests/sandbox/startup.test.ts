import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { CONTROL_TOKEN_HEADER } from "../../sandbox/control/token";
import { startSandbox } from "../../sandbox/server";

describe("starting the sandbox", () => {
  it("refuses to start without the specs when they are required", async () => {
    const missing = path.join(tmpdir(), "switchboard-no-specs-here");
    await expect(startSandbox({ port: 0, specsDir: missing, requireSpecs: true, log: () => {} })).rejects.toThrow(/specs missing/);
  });

  it("starts without the specs when allowed, says once that it is not validating, and serves", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "sandbox-specs-"));
    const lines: string[] = [];
    const sb = await startSandbox({ port: 0, specsDir: empty, log: (l) => lines.push(l) });
    try {
      expect(sb.validating).toBe(false);
      const minted = await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json", [CONTROL_TOKEN_HEADER]: sb.controlToken }, body: JSON.stringify({ provider: "slack" }) });
      const { access_token } = (await minted.json()) as { access_token: string };
      const slack = new WebClient(access_token, { slackApiUrl: `${sb.url}/slack/api/`, retryConfig: { retries: 0 } });
      expect((await slack.chat.postMessage({ channel: "C0GENERAL1", text: "unvalidated but served" })).ok).toBe(true);
      // Without the spec, the emulation's own rules still refuse what Slack refuses.
      expect(await slack.apiCall("chat.postMessage", { text: "x" }).catch((e: { data: { error: string } }) => e.data.error)).toBe("channel_not_found");
      expect(await (await fetch(`${sb.url}/_sandbox/health`)).json()).toEqual({ ok: true, validating: false });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/not validating requests/);
    } finally {
      await sb.stop();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("listens on the port asked for and gives its URL without a trailing slash", async () => {
    const sb = await startSandbox({ port: 0, requireSpecs: true, log: () => {} });
    try {
      expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${sb.url}/_sandbox/health`)).status).toBe(200);
    } finally {
      await sb.stop();
    }
  });
});
