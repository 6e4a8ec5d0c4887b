// Checkout Sessions: create, read, list, expire, and their line items.
import { answerWith, type Operation } from "../call";
import { refused } from "../errors";
import { sessionId } from "../ids";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { sessionView } from "../objects/checkout-session";
import { lineItemView } from "../objects/line-item";
import { text } from "../params";
import type { StripeSession } from "../state";
import { expireSession } from "../flows/expire";
import type { World } from "../world";
import { readSessionInput } from "./checkout-input";

function lineItemsList(w: World, s: StripeSession) {
  return listBody(`/v1/checkout/sessions/${s.id}/line_items`, s.lineItems.map((li) => lineItemView(w, s, li)), false);
}

export const createSession: Operation = (call) => {
  const { w, key } = call;
  const mine = <T extends { livemode: boolean }>(o: T | undefined) => (o && o.livemode === key.livemode ? o : undefined);
  const input = readSessionInput(call.params, w.now(), {
    price: (id) => mine(w.state.billing.prices.get(id)),
    product: (id) => mine(w.state.billing.products.get(id)),
    customer: (id) => mine(w.state.billing.customers.get(id)),
  });
  if ("status" in input) return input;
  const session: StripeSession = {
    id: sessionId(key.livemode),
    livemode: key.livemode,
    created: w.now(),
    status: "open",
    paymentStatus: "unpaid",
    paymentIntentId: null,
    customerDetails: null,
    subscriptionId: null,
    invoiceId: null,
    ...input,
  };
  w.state.sessions.set(session.id, session);
  return answerWith(call, sessionView(w, session), 200, { line_items: () => lineItemsList(w, session) });
};

function found(call: Parameters<Operation>[0]): StripeSession | ReturnType<Operation> {
  const id = call.pathParams.session!;
  return visible(call.w, "cs", id, call.key.livemode, "session") ?? call.w.state.sessions.get(id)!;
}

const isSession = (v: StripeSession | ReturnType<Operation>): v is StripeSession => "lineItems" in v;

export const retrieveSession: Operation = (call) => {
  const s = found(call);
  if (!isSession(s)) return s;
  return answerWith(call, sessionView(call.w, s), 200, { line_items: () => lineItemsList(call.w, s) });
};

export const listSessions: Operation = (call) => {
  const { w, params } = call;
  const intent = text(params, "payment_intent");
  const sessions = [...w.state.sessions.values()].filter((s) => s.livemode === call.key.livemode && (intent === null || s.paymentIntentId === intent)).reverse();
  const page = paginate(sessions, params, "checkout.session");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/checkout/sessions", page.items.map((s) => sessionView(w, s)), page.hasMore));
};

export const expireSessionNow: Operation = (call) => {
  const s = found(call);
  if (!isSession(s)) return s;
  if (s.status !== "open") {
    return refused(400, { type: "invalid_request_error", message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".` });
  }
  expireSession(call.w, s, call.cause);
  return answerWith(call, sessionView(call.w, s));
};

export const listLineItems: Operation = (call) => {
  const s = found(call);
  if (!isSession(s)) return s;
  const items = s.lineItems.map((li) => ({ ...li }));
  const page = paginate(items, call.params, "item");
  if (!isPage(page)) return page;
  return answerWith(call, listBody(`/v1/checkout/sessions/${s.id}/line_items`, page.items.map((li) => lineItemView(call.w, s, li)), page.hasMore));
};
