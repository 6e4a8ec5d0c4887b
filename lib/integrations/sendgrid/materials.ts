// The materials e-mail: when an organizer adds a file to an event, each
// attendee holding a paid ticket gets one e-mail with their own materials link
// (lib/materials). Each send is remembered per fact and attendee, so a retried
// delivery sends only what did not go out yet.
import { derivedId } from "@/lib/db/derived-id";
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { materialsUrl } from "@/lib/materials/access";
import { materialRecipients } from "@/lib/materials/service";
import { listEventFiles } from "@/lib/files/records";
import { appKeyring } from "@/lib/vault/app-keyring";
import { findExternal, saveExternal } from "../external-objects";
import { escapeHtml } from "../templates";
import { sendgridClients } from "./client";
import { eventVars } from "./event-vars";
import type { SendGridContext } from "./manifest";
import { sender } from "./sender";
import { suppressedSend } from "./suppression";

const KIND = "sendgrid_material";

export async function sendMaterialMail(event: DomainEvent<"event.material_added">, ctx: SendGridContext) {
  const { event: ev, material } = event.payload;
  const { mail } = sendgridClients(ctx.baseUrl, ctx.credentials.apiKey);
  const vars = eventVars(ev);
  for (const a of await materialRecipients(ctx.db, ctx.connection.orgId, ev.id)) {
    const localId = derivedId(`material-mail:${event.id}:${a.id}`);
    if (await findExternal(ctx.db, ctx.connection.id, KIND, localId)) continue;
    if (await suppressedSend(ctx, a.email, `material:${event.id}:${a.id}`)) continue;
    const link = materialsUrl(appKeyring(), { attendeeId: a.id, slug: a.slug, eventEndsAt: a.ends_at });
    const html = [
      `<p>Hi ${escapeHtml(a.name)},</p>`,
      `<p>The organizer of <strong>${escapeHtml(ev.title)}</strong> (${escapeHtml(vars.event_when)}) shared a new file with attendees: <strong>${escapeHtml(material.filename)}</strong>.</p>`,
      `<p><a href="${escapeHtml(link)}">Open the event's materials</a></p>`,
      `<p>This link is yours alone and works until 30 days after the event.</p>`,
    ].join("\n");
    const [response] = await ctx.call("mail.send", () =>
      mail.send({
        from: sender(ctx),
        to: { email: a.email, name: a.name },
        subject: `New material for ${ev.title}: ${material.filename}`.replace(/[\r\n]+/g, " ").slice(0, 250),
        html,
        customArgs: { attendee_id: a.id, material_id: material.id },
      }),
    );
    await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: KIND, localId, externalId: String(response.headers["x-message-id"] ?? "sent") });
  }
}

/**
 * For the order confirmation: the materials link of the order's first paid
 * attendee when the event already has materials (files added later are e-mailed
 * by sendMaterialMail); empty otherwise.
 */
export async function buyerMaterialsUrl(ctx: SendGridContext, sale: DomainEvent<"ticket.purchased">["payload"]): Promise<string> {
  const paid = sale.attendees.find((a) => a.status === "paid");
  if (!paid || (await listEventFiles(ctx.db, ctx.connection.orgId, sale.event.id, "material")).length === 0) return "";
  return materialsUrl(appKeyring(), { attendeeId: paid.id, slug: sale.event.slug, eventEndsAt: new Date(sale.event.endsAt) });
}
