// Back from a subscription checkout, against the sandbox's Stripe and a real
// Postgres: nothing is granted until Stripe says the checkout was paid (asked on
// return, so the browser need not wait for the callbacks), a guessed checkout is
// unknown, an address whose customer existed before gets its member page by
// e-mail only, and the welcome route sets the cookie of that one membership only
// once it has started. Subscribing again on the same plan, and the portal of a
// membership that never started, are refused.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ALREADY_SUBSCRIBED, confirmMembershipReturn, memberPortalUrl } from "@/lib/checkout/plan-billing";
import { startCheckout } from "@/lib/checkout/start";
import { ConflictError } from "@/lib/domain/errors";
import { memberCookieName, memberProofFromCookie } from "@/lib/memberships/member-cookie";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makePublishedEvent } from "../helpers/fixtures";
import { useMembershipHarness } from "../helpers/membership-harness";
import { waitFor } from "../helpers/wait";

const h = useMembershipHarness("sk_test_membershipreturn01");
const { t, sandbox, pay, planWith } = h;

type WelcomeRoute = (req: Request, ctx: { params: Promise<{ org: string }> }) => Promise<Response>;
let welcomeRoute: WelcomeRoute;
beforeAll(async () => {
  // After the harness has pointed the app's database at this file's.
  welcomeRoute = (await import("@/app/api/public/members/[org]/welcome/route")).GET;
});

/** Our welcome route's answer to a browser back from checkout: where it is sent, and the member cookie it gets. */
async function welcomeBack(membershipId: string, checkoutId: string) {
  const slug = await h.orgSlug();
  const q = new URLSearchParams({ membership: membershipId, session_id: checkoutId });
  const res = await welcomeRoute(new Request(`${h.appUrl()}/api/public/members/${slug}/welcome?${q}`), { params: Promise.resolve({ org: slug }) });
  const name = memberCookieName(t.orgId);
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const value = set ? decodeURIComponent(set.slice(name.length + 1).split(";")[0]!) : undefined;
  return { status: res.status, location: res.headers.get("location") ?? "", cookie: value, proof: memberProofFromCookie(appKeyring(), t.orgId, value) };
}

/** The checkout id Stripe put in the return URL after paying. */
function returnedCheckout(paid: Response): string {
  expect(paid.status).toBe(303);
  return new URL(paid.headers.get("location")!).searchParams.get("session_id")!;
}

const welcomeMails = (planName: string) => h.mails("membership.welcome", `welcome to ${planName}.`);

describe("the return from a subscription checkout", () => {
  it("grants nothing before the payment, and once Stripe says it is paid starts the membership before any callback", async () => {
    const plan = await planWith(20);
    const slug = await h.orgSlug();
    const { url, membershipId } = await h.subscribe(plan.id, "ines@example.com", "Ines First");
    const opened = await h.membershipRow(membershipId);
    expect([opened.status, opened.customer_known]).toEqual(["pending", false]);
    const checkoutId = opened.checkout_id!;

    // Back with the right checkout id, but the checkout is still open: not paid, nothing granted.
    expect(await confirmMembershipReturn(t.db, t.orgId, membershipId, checkoutId)).toEqual({ kind: "waiting" });
    const early = await welcomeBack(membershipId, checkoutId);
    expect([early.status, early.location]).toEqual([303, `${h.appUrl()}/m/${slug}?checkout=waiting`]);
    expect(early.cookie).toBeUndefined();
    expect((await h.membershipRow(membershipId)).status).toBe("pending");

    const back = await h.whileCallbacksDown(async () => {
      expect(returnedCheckout(await pay(url))).toBe(checkoutId);
      const answer = await welcomeBack(membershipId, checkoutId);
      // None of the subscription's callbacks has reached us: the route asked Stripe itself.
      const sub = (await h.membershipRow(membershipId)).provider_subscription_id!;
      const events = (await h.eventsOf(sub)).map((e) => e.id);
      expect(events.length).toBeGreaterThan(0);
      expect(await t.db.selectFrom("webhook_events").select("external_id").where("external_id", "in", events).execute()).toEqual([]);
      return { answer, sub, events };
    });
    expect(back.answer.status).toBe(303);
    expect(back.answer.location).toMatch(new RegExp(`^${h.appUrl()}/m/${slug}/me/[^/?]+\\?welcome=1$`));
    // The cookie vouches for this one membership, not for whatever else the typed-in address may hold.
    expect(back.answer.proof).toEqual({ membershipId });
    const started = await h.membershipRow(membershipId);
    expect([started.status, started.provider_subscription_id]).toEqual(["active", back.sub]);
    expect(started.started_at).not.toBeNull();
    const again = await confirmMembershipReturn(t.db, t.orgId, membershipId, checkoutId);
    expect(again.kind === "started" ? [again.membership.id, again.pageInMail] : again).toEqual([membershipId, false]);

    // The callbacks arrive late, and again: the membership started once, with one welcome mail.
    for (const id of back.events) await sandbox.control("stripe/resend", { event: id, times: 2 });
    for (const id of back.events) expect((await h.processed(id)).status).not.toBe("failed");
    expect((await h.membershipRow(membershipId)).status).toBe("active");
    expect(await welcomeMails(plan.name)).toHaveLength(1);
    const facts = await t.db.selectFrom("domain_events").select("type").where("aggregate_id", "=", membershipId).execute();
    expect(facts.map((f) => f.type)).toEqual(["membership.started"]);
  });

  it("grants nothing while Stripe cannot be asked, and starts the membership when it can", async () => {
    const plan = await planWith(20);
    const { url, membershipId } = await h.subscribe(plan.id, "otto@example.com", "Otto Outage");
    await h.whileCallbacksDown(async () => {
      const checkoutId = returnedCheckout(await pay(url));
      await sandbox.control("faults", { provider: "stripe", match: "/v1/checkout/sessions", kind: "status", status: 400, times: 1 });
      try {
        const blind = await welcomeBack(membershipId, checkoutId);
        expect(blind.location).toMatch(/\?checkout=waiting$/);
        expect(blind.cookie).toBeUndefined();
      } finally {
        await sandbox.control("faults", undefined, "DELETE");
      }
      expect((await welcomeBack(membershipId, checkoutId)).proof).toEqual({ membershipId });
    });
  });

  it("does not match a guessed checkout id, or another membership's checkout", async () => {
    const plan = await planWith(20);
    const mine = await h.subscribe(plan.id, "gus@example.com", "Gus Guess");
    const theirs = await h.subscribe(plan.id, "paid-by-someone@example.com", "Pat Payer");
    const theirCheckout = returnedCheckout(await pay(theirs.url));
    expect(await confirmMembershipReturn(t.db, t.orgId, mine.membershipId, "cs_test_guessed")).toEqual({ kind: "unknown" });
    expect(await confirmMembershipReturn(t.db, t.orgId, mine.membershipId, theirCheckout)).toEqual({ kind: "unknown" });
    expect(await confirmMembershipReturn(t.db, t.orgId, "not-a-membership", theirCheckout)).toEqual({ kind: "unknown" });
    const guessed = await welcomeBack(mine.membershipId, theirCheckout);
    expect(guessed.location).toMatch(/\?checkout=unknown$/);
    expect(guessed.cookie).toBeUndefined();
    expect((await h.membershipRow(mine.membershipId)).status).toBe("pending");
  });

  it("sends the member page by e-mail only when the address's customer existed before", async () => {
    const plan = await planWith(20);
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    // The address bought a ticket first: its Stripe customer holds that purchase, and whoever subscribes now has not shown the address is theirs.
    await startCheckout(t.db, event.slug, { name: "Kim Known", email: "kim@example.com", attempt: randomUUID(), items: [{ ticketTypeId: ticketType.id, quantity: 1 }] });
    const { url, membershipId } = await h.subscribe(plan.id, "Kim@Example.com", "Kim Known");
    expect((await h.membershipRow(membershipId)).customer_known).toBe(true);
    const checkoutId = returnedCheckout(await pay(url));

    const back = await confirmMembershipReturn(t.db, t.orgId, membershipId, checkoutId);
    expect(back.kind === "started" ? [back.membership.id, back.pageInMail] : back).toEqual([membershipId, true]);
    const answer = await welcomeBack(membershipId, checkoutId);
    expect(answer.location).toBe(`${h.appUrl()}/m/${await h.orgSlug()}?checkout=mailed`);
    expect(answer.proof).toEqual({ membershipId });
    await waitFor(async () => ((await welcomeMails(plan.name)).length === 1 ? true : undefined), { what: "the welcome mail with the page link" });
  });
});

describe("subscribing and managing", () => {
  it("refuses a second subscription on the plan the address has, alike for anyone, and mails the address its sign-in link", async () => {
    const plan = await planWith(10);
    await t.db
      .insertInto("plan_memberships")
      .values({ org_id: t.orgId, plan_id: plan.id, name: "Abe Already", email: "abe@example.com", status: "past_due", connection_id: await h.connectionId(), provider_subscription_id: `sub_${randomUUID().replace(/-/g, "")}` })
      .execute();
    const linksOf = async () => t.db.selectFrom("member_sign_in_links").select("token_hash").where("org_id", "=", t.orgId).where("email", "=", "abe@example.com").execute();
    const mailsBefore = (await h.mails("membership.sign_in_link", "")).length;

    const err = await h.subscribe(plan.id, "Abe@Example.com", "Not Abe").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(ALREADY_SUBSCRIBED);
    expect(await linksOf()).toHaveLength(1);
    expect(await h.mails("membership.sign_in_link", "")).toHaveLength(mailsBefore + 1);
    // Nothing was opened for the second attempt.
    expect(await t.db.selectFrom("plan_memberships").select("id").where("email", "=", "abe@example.com").execute()).toHaveLength(1);
    // Another plan is still open to the address.
    const other = await planWith(5);
    expect((await h.subscribe(other.id, "abe@example.com", "Abe Already")).url).toContain(sandbox.url);
  });

  it("refuses the payment portal of a membership that never started", async () => {
    const plan = await planWith(10);
    const { membershipId } = await h.subscribe(plan.id, "nina@example.com", "Nina Notyet");
    const pending = await h.membershipRow(membershipId);
    // Its customer exists at Stripe already; the portal would show that customer's cards and invoices.
    expect(pending.payment_customer_id).not.toBeNull();
    const err = await memberPortalUrl(t.db, pending, `${h.appUrl()}/m/x`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/has not started yet/);
  });
});
