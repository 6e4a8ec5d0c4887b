// Payload versions per outbound endpoint, delivered for real by the worker: an
// endpoint pinned to registration.created v1 receives attendees without answers,
// one made today receives v2 with them, Zapier's always the latest, and an
// upgraded endpoint receives v2 from then on.
import type { Runner } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@/lib/jobs/runner";
import { addQuestion } from "@/lib/domain/questions/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { configureWebhookDelivery } from "@/lib/webhooks/outbound/config";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { outdatedPayloads, upgradeEndpointPayloads } from "@/lib/webhooks/outbound/payload-versions";
import { outboundWebhooksSource } from "@/lib/webhooks/outbound/subscriber";
import { makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const t = useOrgDatabase();
let receiver: Receiver;
let runner: Runner;

beforeAll(async () => {
  receiver = await startReceiver();
  process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${receiver.port}`;
  configureWebhookDelivery({ timeoutMs: 2_000 });
  runner = await startWorker({ connectionString: t.url, db: t.db, sources: [outboundWebhooksSource], pollInterval: 50, concurrency: 2 });
});
afterAll(async () => {
  await runner?.stop();
  await receiver?.stop();
  configureWebhookDelivery({});
  delete process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS;
});

const endpoint = (path: string, source: "admin" | "zapier" = "admin") =>
  insertEndpoint(t.db, { orgId: t.orgId, url: receiver.url(path), eventTypes: ["registration.created"], source });

type Body = { type: string; data: { attendees: Array<Record<string, unknown>> } };

async function deliveredTo(path: string, secret: string, count: number): Promise<Body[]> {
  const got = await waitFor(async () => (receiver.received(path).length >= count ? receiver.received(path) : undefined), { what: `${count} deliveries to ${path}` });
  return got.map((r) => new Webhook(secret).verify(r.body, r.headers) as Body);
}

describe("payload versions", () => {
  it("sends each endpoint the registration.created version it pinned, until its admin upgrades it", async () => {
    const pinned = await endpoint("/v1");
    // An endpoint made before versions existed: the migration pinned it to version 1.
    await t.db.updateTable("webhook_endpoints").set({ payload_versions: JSON.stringify({ "registration.created": 1, "ticket.purchased": 1 }) }).where("id", "=", pinned.endpoint.id).execute();
    const current = await endpoint("/v2");
    const zapier = await endpoint("/zapier", "zapier");
    expect(current.endpoint.payload_versions["registration.created"]).toBe(2);
    expect(zapier.endpoint.payload_versions).toEqual({});
    const pinnedRow = await t.db.selectFrom("webhook_endpoints").selectAll().where("id", "=", pinned.endpoint.id).executeTakeFirstOrThrow();
    expect(outdatedPayloads(pinnedRow)).toEqual([{ type: "registration.created", receives: 1, latest: 2 }]);
    expect(outdatedPayloads(current.endpoint)).toEqual([]);

    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const q = await addQuestion(t.db, t.orgId, event.id, { label: "GitHub or website", kind: "short-text" }, []);
    await registerFree(t.db, event.slug, { name: "Ana", email: "ana@example.com", ticketTypeId: ticketType.id, quantity: 1, answers: { [q.id]: "octocat" } });
    const answers = [{ questionId: q.id, question: "GitHub or website", kind: "short-text", value: "octocat" }];

    const [v1] = await deliveredTo("/v1", pinned.secret, 1);
    expect(v1!.type).toBe("registration.created");
    expect(v1!.data.attendees[0]).not.toHaveProperty("answers");
    expect(v1!.data.attendees[0]!.name).toBe("Ana");
    const [v2] = await deliveredTo("/v2", current.secret, 1);
    expect(v2!.data.attendees[0]!.answers).toEqual(answers);
    const [latest] = await deliveredTo("/zapier", zapier.secret, 1);
    expect(latest!.data.attendees[0]!.answers).toEqual(answers);

    await upgradeEndpointPayloads(t.db, t.orgId, pinned.endpoint.id);
    await registerFree(t.db, event.slug, { name: "Ben", email: "ben@example.com", ticketTypeId: ticketType.id, quantity: 1, answers: { [q.id]: "" } });
    const after = await deliveredTo("/v1", pinned.secret, 2);
    const ben = after.find((b) => b.data.attendees[0]!.name === "Ben")!;
    expect(ben.data.attendees[0]!.answers).toEqual([]);
  });
});
