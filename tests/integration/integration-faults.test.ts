// Provider faults through the real connector, SDK, policy and sandbox: 500s
// retried, 429's Retry-After honoured, an outage that opens the breaker while
// the product keeps working, and recovery.
import { beforeAll, describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { connectorContext } from "@/lib/integrations/connections/context";
import { findConnection } from "@/lib/integrations/connections/repository";
import { ProviderCallError } from "@/lib/integrations/contract";
import { appKeyring } from "@/lib/vault/app-keyring";
import { breakerStatus } from "@/lib/integrations/policy";
import { connector as sendgrid } from "@/lib/integrations/sendgrid/connector";
import { insertConnection } from "../helpers/connections";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { useSandbox } from "../helpers/sandbox";

const t = useOrgDatabase();
const sandbox = useSandbox();
let connectionId: string;

beforeAll(async () => {
  const row = await insertConnection(t.db, { orgId: t.orgId, connectorId: "sendgrid", credentials: { apiKey: "SG.faults-test.key12345" }, settings: { fromEmail: "tickets@demo.example" } });
  connectionId = row.id;
});

async function context(policy: Record<string, number>) {
  const row = (await findConnection(t.db, t.orgId, "sendgrid"))!;
  return connectorContext(t.db, appKeyring(), sendgrid, row, { policy });
}

async function callsSince(since: Date) {
  return t.db
    .selectFrom("integration_calls")
    .select(["operation", "outcome", "http_status", "attempt"])
    .where("connection_id", "=", connectionId)
    .where("created_at", ">=", since)
    .orderBy("id")
    .execute();
}

describe("provider faults", () => {
  it("retries three 500s and succeeds once: one logical success, every attempt logged", async () => {
    await sandbox.control("faults", { provider: "sendgrid", match: "/v3/scopes", kind: "status", status: 500, times: 3 });
    const since = new Date();
    const ctx = await context({ maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 50 });
    const result = await sendgrid.testConnection(ctx);
    expect(result.detail).toContain("may send mail");
    expect(await callsSince(since)).toEqual([
      { operation: "scopes", outcome: "failure", http_status: 500, attempt: 1 },
      { operation: "scopes", outcome: "failure", http_status: 500, attempt: 2 },
      { operation: "scopes", outcome: "failure", http_status: 500, attempt: 3 },
      { operation: "scopes", outcome: "success", http_status: null, attempt: 4 },
    ]);
  });

  it("waits as long as Retry-After says on a 429", async () => {
    await sandbox.control("faults", { provider: "sendgrid", match: "/v3/scopes", kind: "rate_limit", retryAfterSeconds: 1, times: 1 });
    const since = new Date();
    const ctx = await context({ maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50 });
    const started = Date.now();
    await sendgrid.testConnection(ctx);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    expect((await callsSince(since)).map((c) => [c.outcome, c.http_status])).toEqual([["failure", 429], ["success", null]]);
  });

  it("does not retry a refused key", async () => {
    await sandbox.control("faults", { provider: "sendgrid", match: "/v3/scopes", kind: "status", status: 401, times: 1 });
    const since = new Date();
    const err = await sendgrid.testConnection(await context({ maxAttempts: 4 })).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderCallError);
    expect((err as ProviderCallError).failure.kind).toBe("auth");
    expect(await callsSince(since)).toHaveLength(1);
    // The refusal put the connection in "needs attention"; a passing test clears it for the next cases.
    await t.db.updateTable("connections").set({ status: "connected", status_reason: null }).where("id", "=", connectionId).execute();
  });

  it("opens the breaker during an outage, keeps the product working, and closes after recovery", async () => {
    await sandbox.control("faults", { provider: "sendgrid", kind: "status", status: 503, times: 0 });
    const policy = { maxAttempts: 1, breakerThreshold: 3, halfOpenAfterMs: 800 };
    for (let i = 0; i < 3; i++) {
      await expect(sendgrid.testConnection(await context(policy))).rejects.toBeInstanceOf(ProviderCallError);
    }
    expect((await breakerStatus(t.db, connectionId)).state).toBe("open");

    // While open, calls are refused here without reaching the provider...
    const before = (await sandbox.requests("sendgrid")).length;
    const refused = await sendgrid.testConnection(await context(policy)).catch((e) => e);
    expect((refused as ProviderCallError).failure.message).toMatch(/^Circuit open/);
    expect((await sandbox.requests("sendgrid")).length).toBe(before);

    // ...and the product's own writes are untouched by the outage.
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { order } = await registerFree(t.db, event.slug, { name: "Gus", email: "gus@example.com", ticketTypeId: ticketType.id, quantity: 1 });
    expect(order.status).toBe("paid");

    // The provider recovers; after the half-open delay one probe closes the breaker.
    await sandbox.control("faults", undefined, "DELETE");
    await new Promise((r) => setTimeout(r, 900));
    await sendgrid.testConnection(await context(policy));
    expect((await breakerStatus(t.db, connectionId)).state).toBe("closed");
  });
});
