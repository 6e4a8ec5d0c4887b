// Memberships against the sandbox's Stripe and a real Postgres: a connected Stripe
// account whose callbacks reach our webhook route through a small app server that
// a test can take down (as during a deploy), and the buyer's side of paying.
import { afterAll, beforeAll } from "vitest";
import { appKeyring } from "@/lib/vault/app-keyring";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { createPlan, startMembership } from "@/lib/checkout/plan-billing";
import { stripeClient } from "@/lib/integrations/stripe/client";
import { STRIPE_EVENTS } from "@/lib/integrations/stripe/connector";
import type { PlanMembershipStatus } from "@/lib/db/schema";
import { startAppServer } from "./app-server";
import { useIntegrationHarness } from "./integration-harness";
import { waitFor } from "./wait";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export function useMembershipHarness(key: string) {
  const { t, sandbox, owner } = useIntegrationHarness();
  let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
  let callbacksDown = false;
  let planSeq = 0;

  beforeAll(async () => {
    process.env.DATABASE_URL = t.url;
    const { POST } = await import("@/app/api/webhooks/[provider]/route");
    // While callbacks are down our route answers 503: Stripe's deliveries fail and are sent again later, in any order.
    const gated: Handler = (req, ctx) => (callbacksDown ? Promise.resolve(new Response("unavailable", { status: 503 })) : (POST as never as Handler)(req, ctx));
    app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: gated }]);
    process.env.APP_URL = app.url;
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "stripe", mode: "sandbox", fields: { secretKey: key, publishableKey: key.replace(/^sk_/, "pk_") } });
  });
  afterAll(async () => {
    await app?.stop();
    const { db } = await import("@/lib/db/client");
    await db().destroy();
  });

  const stripeApi = () => stripeClient(sandbox.url, key);
  const appUrl = () => app!.url;
  const orgSlug = async () => (await t.db.selectFrom("organizations").select("slug").where("id", "=", t.orgId).executeTakeFirstOrThrow()).slug;
  const connectionId = async () => (await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).executeTakeFirstOrThrow()).id;
  const membershipRow = (id: string) => t.db.selectFrom("plan_memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  return {
    t,
    sandbox,
    owner,
    appUrl,
    stripeApi,
    orgSlug,
    connectionId,
    membershipRow,

    /** Runs `fn` while our webhook route answers 503. */
    async whileCallbacksDown<T>(fn: () => Promise<T>): Promise<T> {
      callbacksDown = true;
      try {
        return await fn();
      } finally {
        callbacksDown = false;
      }
    },

    /** Pays a checkout on the sandbox's hosted page with a card that succeeds; answers its redirect back to us. */
    pay(checkoutUrl: string): Promise<Response> {
      const form = new URLSearchParams({ card_number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123", name: "Test Buyer", email: "buyer@example.com", action: "pay" });
      return fetch(checkoutUrl, { method: "POST", body: form, redirect: "manual" });
    },

    planWith(discountPercent: number, ticketTypeNames = "") {
      return createPlan(t.db, t.orgId, { name: `Friends ${++planSeq}`, interval: "month", price: "10", currency: "EUR", discountPercent, ticketTypeNames });
    },

    /** Opens a subscription checkout as the membership page does; the success URL is our welcome route's. */
    async subscribe(planId: string, email: string, name = "Mia Member") {
      const slug = await orgSlug();
      return startMembership(t.db, appKeyring(), slug, { planId, name, email }, {
        success: (id) => `${appUrl()}/api/public/members/${slug}/welcome?membership=${id}&session_id={CHECKOUT_SESSION_ID}`,
        cancel: `${appUrl()}/m/${slug}`,
      });
    },

    until(id: string, status: PlanMembershipStatus) {
      return waitFor(async () => ((await membershipRow(id)).status === status ? true : undefined), { what: `membership ${status}`, timeoutMs: 20_000 });
    },

    /** The subscription's events our endpoint listens to (its own and its invoices'), newest first, as Stripe lists them. */
    async eventsOf(subscriptionId: string) {
      return (await stripeApi().events.list({ limit: 100 })).data.filter((e) => (STRIPE_EVENTS as readonly string[]).includes(e.type) && JSON.stringify(e.data.object).includes(subscriptionId));
    },

    processed(eventId: string) {
      return waitFor(async () => {
        const r = await t.db.selectFrom("webhook_events").select(["status", "outcome", "error"]).where("external_id", "=", eventId).executeTakeFirst();
        return r && r.status !== "received" ? r : undefined;
      }, { what: `callback ${eventId} processed`, timeoutMs: 20_000 });
    },

    /**
     * The member mails of one kind (activity_log type, e.g. "membership.welcome") whose line holds `text`.
     * The line starts with the subject and is rewritten once the mail is sent, so match on the subject.
     */
    async mails(type: string, text: string) {
      return (await t.db.selectFrom("activity_log").select("summary").where("org_id", "=", t.orgId).where("type", "=", type).execute()).filter((r) => r.summary.includes(text));
    },
  };
}
