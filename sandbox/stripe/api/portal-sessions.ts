// POST /v1/billing_portal/sessions: a link for one customer to the portal page.
import { answerWith, type Operation } from "../call";
import type { StripePortalSession } from "../billing-state";
import { invalid } from "../errors";
import { base62, stripeId } from "../ids";
import { portalSessionView } from "../objects/portal-session";
import { text } from "../params";
import { emit } from "../webhooks/emit";
import { findCustomer, isCustomer } from "./customers";

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

export const createPortalSession: Operation = (call) => {
  const { w, params, key } = call;
  const customerId = text(params, "customer");
  if (customerId === null) return invalid("Missing required param: customer.", "customer", "parameter_missing");
  const customer = findCustomer(call, customerId);
  if (!isCustomer(customer)) return { ...customer, status: 400 };
  if (customer.deleted) return invalid(`No such customer: '${customerId}'`, "customer", "resource_missing");
  const returnUrl = text(params, "return_url");
  if (returnUrl !== null && !isHttpUrl(returnUrl)) return invalid("Not a valid URL", "return_url", "url_invalid");
  if (params.flow_data !== undefined) return invalid("The sandbox's portal opens on its home page; flow_data is not emulated.", "flow_data");
  const session: StripePortalSession = {
    id: stripeId("bps"),
    livemode: key.livemode,
    created: w.now(),
    customerId: customer.id,
    returnUrl,
    locale: text(params, "locale"),
    secret: base62(32),
  };
  w.state.billing.portalSessions.set(session.id, session);
  emit(w, "billing_portal.session.created", portalSessionView(w, session), call.cause);
  return answerWith(call, portalSessionView(w, session));
};
