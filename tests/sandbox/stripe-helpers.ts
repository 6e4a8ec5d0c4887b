// Shared by the Stripe sandbox tests: the official SDK pointed at the sandbox, a
// webhook receiver that verifies signatures as a real endpoint must, and a browser's
// way of filling in the hosted Checkout page.
import { startTestSandbox } from "./helpers";
import { listenForPosts } from "./post-listener";
import Stripe from "stripe";
import type { Sandbox } from "../../sandbox/server";

export const TEST_KEY = "sk_test_sandboxTestKey123";

/** stripe-node takes a host, port and protocol, but no path: the sandbox serves Stripe at its root. */
export function stripeFor(sb: Sandbox, key = TEST_KEY): Stripe {
  const u = new URL(sb.url);
  return new Stripe(key, { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0, timeout: 10_000 });
}

export interface Received {
  raw: string;
  signature: string;
  /** The event as constructEvent returned it, or null when verification failed. */
  event: Stripe.Event | null;
  error: string | null;
}

export interface Receiver {
  url: string;
  secret: string;
  received: Received[];
  /** Chooses the status of each answer; 200 unless set. */
  respond: (r: Received) => number;
  verified(): Stripe.Event[];
  close(): Promise<void>;
}

/** A webhook endpoint on port 0 that checks Stripe-Signature with the SDK, over the raw body. */
export async function startReceiver(): Promise<Receiver> {
  const verifier = new Stripe("sk_test_verifierOnly1");
  const received: Received[] = [];
  const listener = await listenForPosts("/api/webhooks/stripe", ({ raw, headers }) => {
    const signature = String(headers["stripe-signature"] ?? "");
    const entry: Received = { raw, signature, event: null, error: null };
    try {
      entry.event = verifier.webhooks.constructEvent(raw, signature, receiver.secret);
    } catch (err) {
      entry.error = (err as Error).message;
    }
    received.push(entry);
    return { status: entry.error ? 400 : receiver.respond(entry), contentType: "application/json", body: JSON.stringify({ received: entry.error === null }) };
  });
  const receiver: Receiver = {
    url: listener.url,
    secret: "",
    received,
    respond: () => 200,
    verified: () => received.map((r) => r.event).filter((e): e is Stripe.Event => e !== null),
    close: listener.close,
  };
  return receiver;
}

/** A sandbox, the SDK on it and a receiver registered for every event: what a file of Stripe sandbox tests starts from. */
export async function startStripeWorld(): Promise<{ sb: Sandbox; stripe: Stripe; rcv: Receiver }> {
  const sb = await startTestSandbox();
  const stripe = stripeFor(sb);
  const rcv = await startReceiver();
  const endpoint = await stripe.webhookEndpoints.create({ url: rcv.url, enabled_events: ["*"] });
  rcv.secret = endpoint.secret!;
  return { sb, stripe, rcv };
}

export async function stopStripeWorld({ sb, rcv }: { sb?: Sandbox; rcv?: Receiver }): Promise<void> {
  await sb?.stop();
  await rcv?.close();
}

/** Verified events about one object (by data.object.id or a link to it), in arrival order. */
export function eventsAbout(rcv: Receiver, ...ids: string[]): Stripe.Event[] {
  return rcv.verified().filter((e) => {
    const o = e.data.object as unknown as Record<string, unknown>;
    return ids.some((id) => o.id === id || o.payment_intent === id || o.charge === id);
  });
}

export function typesAbout(rcv: Receiver, ...ids: string[]): string[] {
  return eventsAbout(rcv, ...ids).map((e) => e.type);
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export interface CheckoutForm {
  status: number;
  html: string;
  action: string;
  /** Input names by their label's text. */
  fields: Record<string, string>;
  buttons: Array<{ name: string; value: string; text: string }>;
  cancelHref: string | null;
}

/** Opens the hosted page and reads its form as a browser would: labels to inputs, buttons, links. */
export async function openCheckout(url: string): Promise<CheckoutForm> {
  const res = await fetch(url);
  const html = await res.text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<label for="([^"]+)">([^<]+)<\/label>\s*<input id="([^"]+)" name="([^"]+)"/g)) {
    if (m[1] === m[3]) fields[unescapeHtml(m[2]!)] = unescapeHtml(m[4]!);
  }
  const buttons = [...html.matchAll(/<button type="submit" name="([^"]+)" value="([^"]+)"[^>]*>([^<]+)<\/button>/g)].map((m) => ({
    name: unescapeHtml(m[1]!),
    value: unescapeHtml(m[2]!),
    text: unescapeHtml(m[3]!),
  }));
  const action = html.match(/<form class="pay" method="post" action="([^"]+)"/)?.[1];
  const cancel = html.match(/<a class="cancel" href="([^"]+)">Cancel<\/a>/)?.[1];
  return { status: res.status, html, action: action ? new URL(unescapeHtml(action), url).toString() : "", fields, buttons, cancelHref: cancel ? unescapeHtml(cancel) : null };
}

/** Types into the labelled inputs and clicks the button with the given text. */
export async function submitCheckout(form: CheckoutForm, byLabel: Record<string, string>, buttonText: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [label, value] of Object.entries(byLabel)) {
    const name = form.fields[label];
    if (!name) throw new Error(`no input labelled ${label}`);
    body.set(name, value);
  }
  const button = form.buttons.find((b) => b.text === buttonText);
  if (!button) throw new Error(`no button ${buttonText}`);
  body.set(button.name, button.value);
  return fetch(form.action, { method: "POST", body, redirect: "manual" });
}

export const CARD = { "Expiry": "12 / 34", "CVC": "123", "Name on card": "Ana Attendee" };

export function ticketSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [{ price_data: { currency: "chf", unit_amount: 4500, product_data: { name: "Launch — General admission" } }, quantity: 2 }],
    customer_email: "ana@example.com",
    metadata: { order_id: "ord_1" },
    success_url: "http://localhost:3000/e/launch/thanks?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/e/launch",
    ...overrides,
  };
}

export { waitFor } from "./helpers";
