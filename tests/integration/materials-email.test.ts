// The materials e-mail through SendGrid's sandbox: adding a material e-mails
// each attendee holding a valid ticket their own materials link once; a
// refunded attendee gets nothing, and a retried delivery sends nothing twice.
import { describe, expect, it } from "vitest";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { insertFile } from "@/lib/files/records";
import { connectWithApiKey, updateSettings } from "@/lib/integrations/connections/service";
import { openMaterials } from "@/lib/materials/open";
import { addMaterial } from "@/lib/materials/service";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();

type Mail = { to: Array<{ email: string }>; subject: string; html: string };
const mailsTo = async (email: string): Promise<Mail[]> => ((await sandbox.inbox()).sendgrid.emails as Mail[]).filter((m) => m.to.some((x) => x.email === email));

describe("materials e-mail", () => {
  it("sends each paid attendee their own working materials link, once", async () => {
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "sendgrid", mode: "sandbox", fields: { apiKey: "SG.sandbox-key.demo1234" } });
    await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: false });
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const people = ["mia@example.com", "noah@example.com", "rita@example.com"];
    for (const email of people) await registerFree(t.db, event.slug, { name: email.split("@")[0], email, ticketTypeId: ticketType.id, quantity: 1 });
    await t.db.updateTable("attendees").set({ status: "refunded" }).where("email", "=", "rita@example.com").execute();

    const file = await insertFile(t.db, { orgId: t.orgId, eventId: event.id, purpose: "material", filename: "Slides <final>.pdf", contentType: "application/pdf", size: 1234, connectionId: null });
    await addMaterial(t.db, t.orgId, event.id, file.id);

    for (const email of people.slice(0, 2)) {
      const [mail] = await waitFor(async () => {
        const m = await mailsTo(email);
        return m.length ? m : undefined;
      }, { what: `the materials e-mail to ${email}`, timeoutMs: 20_000 });
      expect(mail!.subject).toBe(`New material for ${event.title}: Slides <final>.pdf`);
      expect(mail!.html).toContain("Slides &lt;final&gt;.pdf");
      const href = /href="([^"]+)"/.exec(mail!.html)![1]!;
      const url = new URL(href);
      expect(url.pathname).toMatch(new RegExp(`^/e/${event.slug}/materials/`));
      const opened = await openMaterials(t.db, appKeyring(), event.slug, decodeURIComponent(url.pathname.split("/").pop()!));
      expect(opened.ok && opened.materials.map((m) => m.id)).toEqual([file.id]);
    }

    // The delivery finished; a retry of it sends nothing new, and the refunded attendee never got one.
    const delivery = await t.db
      .selectFrom("subscriber_deliveries as d")
      .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
      .select(["d.id"])
      .where("e.type", "=", "event.material_added")
      .where("e.aggregate_id", "=", event.id)
      .where("d.subscriber", "like", "connection:%")
      .executeTakeFirstOrThrow();
    const succeeded = async () => (await t.db.selectFrom("subscriber_deliveries").select("status").where("id", "=", delivery.id).executeTakeFirst())?.status === "succeeded";
    await waitFor(succeeded, { what: "the delivery" });
    const { retryDelivery } = await import("@/lib/jobs/deliveries");
    await t.db.updateTable("subscriber_deliveries").set({ status: "dead" }).where("id", "=", delivery.id).execute();
    await retryDelivery(t.db, t.orgId, delivery.id, 3);
    await waitFor(succeeded, { what: "the retried delivery" });
    expect(await mailsTo("mia@example.com")).toHaveLength(1);
    expect(await mailsTo("noah@example.com")).toHaveLength(1);
    expect(await mailsTo("rita@example.com")).toHaveLength(0);
  });

  it("puts the buyer's materials link in the order confirmation when the event has materials, and none when it has none", async () => {
    await updateSettings(t.db, t.orgId, "sendgrid", { fromEmail: "tickets@demo.example", fromName: "Demo Events", sendConfirmations: true });
    const withMaterials = await makePublishedEvent(t.db, t.orgId);
    const file = await insertFile(t.db, { orgId: t.orgId, eventId: withMaterials.event.id, purpose: "material", filename: "agenda.pdf", contentType: "application/pdf", size: 10, connectionId: null });
    await addMaterial(t.db, t.orgId, withMaterials.event.id, file.id);
    const plain = await makePublishedEvent(t.db, t.orgId);
    await registerFree(t.db, withMaterials.event.slug, { name: "Lea", email: "lea@example.com", ticketTypeId: withMaterials.ticketType.id, quantity: 1 });
    await registerFree(t.db, plain.event.slug, { name: "Ben", email: "ben@example.com", ticketTypeId: plain.ticketType.id, quantity: 1 });
    const confirmation = (email: string) =>
      waitFor(async () => (await mailsTo(email)).find((m) => m.subject.startsWith("Your tickets")), { what: `the confirmation to ${email}`, timeoutMs: 20_000 });
    const lea = await confirmation("lea@example.com");
    const href = /href="([^"]+\/materials\/[^"]+)"/.exec(lea.html)?.[1];
    expect(href).toBeDefined();
    const opened = await openMaterials(t.db, appKeyring(), withMaterials.event.slug, decodeURIComponent(new URL(href!).pathname.split("/").pop()!));
    expect(opened.ok && opened.materials.map((m) => m.id)).toEqual([file.id]);
    expect((await confirmation("ben@example.com")).html).not.toContain("/materials/");
  });
});
