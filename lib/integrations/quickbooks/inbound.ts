// Intuit's webhooks at /api/webhooks/quickbooks, one URL for every company the app
// is connected to, signed with the app's verifier token (intuit-signature). A
// notification only names entities that changed; processing reads the changes
// through CDC and flags voided documents on their orders.
import { parseJsonAs } from "@/lib/http/json";
import { createHash } from "node:crypto";
import { z } from "zod";
import { ignored, processed, type InboundCapability, type InboundRequest, type VerifiedCallback } from "../contract/inbound";
import type { QuickBooksContext } from "./manifest";
import { reconcileSince } from "./reconcile";
import { verifierTokenFor, verifyIntuitSignature } from "./signing";

const notification = z.object({
  eventNotifications: z
    .array(
      z.object({
        realmId: z.string().min(1),
        dataChangeEvent: z.object({ entities: z.array(z.object({ name: z.string(), id: z.string(), operation: z.string(), lastUpdated: z.string() })) }).optional(),
      }),
    )
    .min(1),
});
type Notification = z.infer<typeof notification>;

const parse = (req: InboundRequest): Notification | undefined => parseJsonAs(notification, req.rawBody);

async function verify(req: InboundRequest, ctx: QuickBooksContext): Promise<VerifiedCallback> {
  const token = verifierTokenFor(ctx.connection.mode);
  if (!token) throw new Error(ctx.connection.mode === "live" ? "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is not set: live QuickBooks webhooks cannot be verified" : "The sandbox is off: sandbox QuickBooks webhooks are not accepted");
  verifyIntuitSignature(req.rawBody, req.headers, token);
  const n = parse(req);
  if (!n) throw new Error("Not a QuickBooks webhook notification");
  // The signature is the app's, so only this connection's company may be named inside.
  if (n.eventNotifications.some((e) => e.realmId !== ctx.connection.externalAccountId)) throw new Error("Signed for another company");
  // Intuit sends no id of its own; the same bytes resent are the same notification.
  return { externalId: createHash("sha256").update(req.rawBody).digest("hex"), type: "dataChangeEvent", payload: n };
}

export const quickbooksInbound: InboundCapability<QuickBooksContext> = {
  connectionFor: (req) => parse(req)?.eventNotifications[0]?.realmId,
  verify,
  async process(payload, ctx) {
    const n = payload as Notification;
    const entities = n.eventNotifications.flatMap((e) => e.dataChangeEvent?.entities ?? []);
    const times = entities.map((e) => Date.parse(e.lastUpdated)).filter((t) => !Number.isNaN(t));
    if (!times.length) return ignored("No changed entities named");
    // Read from a little before the earliest change, so clock skew cannot hide it.
    const flagged = await reconcileSince(ctx, new Date(Math.min(...times) - 60_000));
    return processed(flagged ? `${flagged} voided document(s) flagged on their orders` : `Read ${entities.length} change(s); nothing to flag`);
  },
  keptHeaders: ["intuit-signature", "intuit-t-id"],
};
