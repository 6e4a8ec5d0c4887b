// The sandbox's control API is never reachable from an outbound delivery. `npm
// start` allow-lists the sandbox's host so the demo receiver works; an admin who
// types the reset or another control route as an endpoint URL (plain, with `..`
// or encoded dots, with a trailing slash) gets a refused delivery, and the
// sandbox's state does not change. The demo receiver on the same host still
// takes deliveries.
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { createEndpoint } from "@/lib/webhooks/outbound/endpoints";
import { deliverAttempt } from "@/lib/webhooks/outbound/deliver";
import { sendTestEvent } from "@/lib/webhooks/outbound/messages";
import { withSandboxAllowed } from "@/sandbox/receiver/allow-host";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";

const t = useOrgDatabase();
const sandbox = useSandbox();

beforeAll(() => {
  // As `npm start` sets it for the app.
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = withSandboxAllowed(undefined, sandbox.url);
});
afterAll(() => {
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

async function deliverTestEventTo(url: string) {
  const { endpoint } = await createEndpoint(t.db, t.orgId, { url, description: "", eventTypes: ["event.published"] });
  const { messageId } = await sendTestEvent(t.db, t.orgId, endpoint.id);
  await deliverAttempt(t.db, { messageId, attempt: 1, trigger: "test", deferrals: 0 });
  return t.db.selectFrom("webhook_attempts").select(["response_status", "error"]).where("message_id", "=", messageId).executeTakeFirstOrThrow();
}

const faults = async () => ((await sandbox.control("faults", undefined, "GET")) as { faults: unknown[] }).faults.length;

describe("an outbound endpoint pointing at the sandbox's control API", () => {
  it("cannot reset the sandbox or change its state, whatever the path looks like", async () => {
    // State a reset would wipe: a fault, and a message in the demo receiver.
    await sandbox.control("faults", { provider: "slack", kind: "status", status: 503, times: 100 });
    const receiverOk = await deliverTestEventTo(`${sandbox.url}/_sandbox/receiver/demo`);
    expect(receiverOk.response_status).toBe(200);
    const received = async () => ((await sandbox.control("receiver.json", undefined, "GET")) as { messages: unknown[] }).messages.length;
    expect(await received()).toBe(1);
    expect(await faults()).toBe(1);

    for (const path of [
      "/_sandbox/reset",
      "/_sandbox/reset/",
      "/_sandbox/receiver/../reset",
      "/_sandbox/receiver/%2e%2e/reset",
      "/_sandbox/receiver/x/%2E%2E/%2e%2e/reset",
      "/_sandbox/faults",
      "/_sandbox/clock",
      "/_sandbox/tokens",
    ]) {
      const attempt = await deliverTestEventTo(`${sandbox.url}${path}`);
      expect(attempt.response_status, `${path} answered ${attempt.response_status}`).not.toBe(200);
      expect(attempt.response_status === null || attempt.response_status >= 400, `${path}: ${JSON.stringify(attempt)}`).toBe(true);
      expect(await faults(), `${path} changed the sandbox's faults`).toBe(1);
      expect(await received(), `${path} reset the sandbox`).toBe(1);
    }
  });
});
