// Google Analytics 4: paid orders as `purchase` and refunds as `refund` events
// through the Measurement Protocol, and the Google tag on the public event pages
// once a visitor consents. Keys are a web stream's measurement id and API secret.
import type { DomainEvent } from "@/lib/domain/outbox/catalog";
import { defineConnector, ProviderCallError } from "../contract";
import { findExternal, saveExternal } from "../external-objects";
import { collect, validate, type MpBody } from "./client";
import { classifyGa4Error } from "./errors";
import { pseudonymousClientId, purchaseBody, refundBody, type OrderFact, type TicketPrices } from "./events";
import { manifest, type Ga4Context } from "./manifest";
import { ga4PageTag } from "./page-tag";
import { credentialFieldOf, explainMessages } from "./validation";

const SENT = "ga4_event";

const request = (ctx: Ga4Context, body: MpBody, signal: AbortSignal) => ({
  baseUrl: ctx.baseUrl,
  measurementId: ctx.credentials.measurementId,
  apiSecret: ctx.credentials.apiSecret,
  body,
  signal,
});

/** What the order's tickets cost, per type: the price paid (a member pays less), or the type's price on rows from before it was kept. */
async function ticketPrices(ctx: Ga4Context, orderId: string): Promise<TicketPrices> {
  const rows = await ctx.db
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .select((eb) => ["attendees.ticket_type_id as id", eb.fn.coalesce("attendees.price_paid_minor", "ticket_types.price_minor").as("price_minor")])
    .where("attendees.order_id", "=", orderId)
    .where("attendees.org_id", "=", ctx.connection.orgId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.price_minor]));
}

/** The visitor's own GA client id when the page's tag had their consent at checkout; else one derived from the order. */
async function clientIdFor(ctx: Ga4Context, orderId: string): Promise<string> {
  const row = await ctx.db.selectFrom("orders").select("analytics_client_id").where("id", "=", orderId).where("org_id", "=", ctx.connection.orgId).executeTakeFirst();
  return row?.analytics_client_id ?? pseudonymousClientId(orderId);
}

/**
 * Sends one fact's event once: a fact delivered again finds its record and sends
 * nothing. One whose record was lost after sending sends again with the same
 * transaction_id: GA drops a repeated purchase by it, but not a repeated refund,
 * which would then count twice in the analytics (never in the money).
 */
async function sendOnce(ctx: Ga4Context, factId: string, fact: OrderFact, build: (prices: TicketPrices, clientId: string) => MpBody): Promise<void> {
  if (await findExternal(ctx.db, ctx.connection.id, SENT, factId)) return;
  const body = build(await ticketPrices(ctx, fact.order.id), await clientIdFor(ctx, fact.order.id));
  const name = body.events[0]!.name;
  await ctx.call(`collect.${name}`, (signal) => collect(request(ctx, body, signal)));
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: SENT, localId: factId, externalId: fact.order.id, data: { event: name } });
}

/** What Test connection asks the validation server about: a purchase shaped like the real ones. */
const SAMPLE: MpBody = {
  client_id: "1234567890.1700000000",
  events: [
    {
      name: "purchase",
      params: { transaction_id: "switchboard-connection-test", currency: "EUR", value: 25, items: [{ item_id: "sample-ticket", item_name: "General admission", price: 25, quantity: 1 }] },
    },
  ],
};

export const connector = defineConnector(manifest, {
  classifyError: classifyGa4Error,
  async testConnection(ctx) {
    const messages = await ctx.call("debug.collect", (signal) => validate(request(ctx, SAMPLE, signal)));
    if (messages.length > 0) {
      throw new ProviderCallError("debug.collect", { kind: "invalid", message: explainMessages(messages), field: credentialFieldOf(messages) });
    }
    const id = ctx.credentials.measurementId;
    return {
      account: { id, name: id },
      detail: `Google's validation server accepted a sample purchase for ${id}. It does not check the API secret: the first real purchase shows in GA's Realtime report if the secret is right.`,
    };
  },
  pageTag: ga4PageTag,
  handlers: {
    "ticket.purchased": async (event: DomainEvent<"ticket.purchased">, ctx) => {
      if (!ctx.settings.sendPurchases) return;
      await sendOnce(ctx, event.id, event.payload, (prices, clientId) => purchaseBody(event.payload, prices, clientId));
    },
    "ticket.refunded": async (event: DomainEvent<"ticket.refunded">, ctx) => {
      if (!ctx.settings.sendRefunds) return;
      await sendOnce(ctx, event.id, event.payload, (prices, clientId) => refundBody(event.payload, prices, clientId));
    },
  },
});
