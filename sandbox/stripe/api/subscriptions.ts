// Subscriptions (made by Checkout): retrieve, list, update (cancel_at_period_end,
// metadata, description) and cancel now.
import { answerWith, type Operation, type StripeCall } from "../call";
import type { StripeSubscription } from "../billing-state";
import { invalid, refused, type StripeAnswer } from "../errors";
import { endSubscription, updateSubscription } from "../flows/subscription";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { subscriptionView } from "../objects/subscription";
import { bool, mergeMetadata, str, text } from "../params";

const STATUSES = ["incomplete", "active", "past_due", "canceled", "unpaid", "all", "ended"];

export function findSubscription(call: StripeCall, id: string): StripeSubscription | StripeAnswer {
  return visible(call.w, "sub", id, call.key.livemode, "subscription_exposed_id") ?? call.w.state.billing.subscriptions.get(id)!;
}

const isSubscription = (v: StripeSubscription | StripeAnswer): v is StripeSubscription => "items" in v;

export const retrieveSubscription: Operation = (call) => {
  const sub = findSubscription(call, call.pathParams.subscription_exposed_id!);
  return isSubscription(sub) ? answerWith(call, subscriptionView(call.w, sub)) : sub;
};

export const listSubscriptions: Operation = (call) => {
  const { params } = call;
  const status = text(params, "status");
  if (status !== null && !STATUSES.includes(status)) return invalid(`Invalid status: must be one of ${STATUSES.join(", ")}`, "status");
  const customer = text(params, "customer");
  const price = text(params, "price");
  // Without a status, Stripe lists the subscriptions that have not been canceled.
  const statusMatches = (s: StripeSubscription) =>
    status === null ? s.status !== "canceled" : status === "all" ? true : status === "ended" ? s.status === "canceled" : s.status === status;
  const subs = [...call.w.state.billing.subscriptions.values()]
    .filter((s) => s.livemode === call.key.livemode && statusMatches(s) && (customer === null || s.customerId === customer) && (price === null || s.items.some((i) => i.priceId === price)))
    .reverse();
  const page = paginate(subs, params, "subscription");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/subscriptions", page.items.map((s) => subscriptionView(call.w, s)), page.hasMore));
};

export const updateSubscriptionOp: Operation = (call) => {
  const { w, params } = call;
  const sub = findSubscription(call, call.pathParams.subscription_exposed_id!);
  if (!isSubscription(sub)) return sub;
  const atPeriodEnd = bool(params, "cancel_at_period_end");
  if (sub.status === "canceled" && (atPeriodEnd !== undefined || str(params, "description") !== undefined)) {
    return refused(400, { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details and metadata.", param: atPeriodEnd !== undefined ? "cancel_at_period_end" : "description" });
  }
  updateSubscription(
    w,
    sub,
    () => {
      if (atPeriodEnd !== undefined && atPeriodEnd !== sub.cancelAtPeriodEnd) {
        sub.cancelAtPeriodEnd = atPeriodEnd;
        sub.canceledAt = atPeriodEnd ? w.now() : null;
        sub.cancellationReason = atPeriodEnd ? "cancellation_requested" : null;
      }
      if (str(params, "description") !== undefined) sub.description = text(params, "description");
      sub.metadata = mergeMetadata(sub.metadata, params.metadata);
    },
    call.cause,
  );
  return answerWith(call, subscriptionView(w, sub));
};

export const cancelSubscription: Operation = (call) => {
  const sub = findSubscription(call, call.pathParams.subscription_exposed_id!);
  if (!isSubscription(sub)) return sub;
  if (sub.status === "canceled") {
    return refused(404, { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${sub.id}'; it has already been canceled.`, param: "subscription_exposed_id" });
  }
  endSubscription(call.w, sub, "cancellation_requested", call.cause);
  return answerWith(call, subscriptionView(call.w, sub));
};
