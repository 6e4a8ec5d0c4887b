// The sandbox's hand on a subscription's clock, for the control API and the inbox
// page's buttons. Stripe's own Test Clocks move only customers made on a clock
// (customers.create with test_clock), so the app would have to make its customers
// differently under test; this moves any subscription, and says what happened.
import type { StripeSubscription } from "./billing-state";
import { endSubscription, outstandingInvoice, renewSubscription, retryOutstanding } from "./flows/subscription";
import type { CardDecline } from "./state";
import { NO_REQUEST } from "./webhooks/emit";
import type { World } from "./world";

export const CLOCK_ACTIONS = ["renew", "renew-failing", "pay", "cancel"] as const;
export type ClockAction = (typeof CLOCK_ACTIONS)[number];

/** Decline codes a failing renewal may carry, with the messages Stripe gives. */
const DECLINES: Record<string, CardDecline> = {
  insufficient_funds: { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." },
  generic_decline: { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." },
  lost_card: { code: "card_declined", declineCode: "lost_card", message: "Your card was declined." },
  stolen_card: { code: "card_declined", declineCode: "stolen_card", message: "Your card was declined." },
  do_not_honor: { code: "card_declined", declineCode: "do_not_honor", message: "Your card was declined." },
  expired_card: { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
};

export const DECLINE_CODES = Object.keys(DECLINES);

export type ClockResult = { ok: true; outcome: string } | { ok: false; status: 400 | 409; error: string };

export function moveClock(w: World, sub: StripeSubscription, action: ClockAction, declineCode = "insufficient_funds"): ClockResult {
  if (sub.status === "canceled") return { ok: false, status: 409, error: `subscription ${sub.id} is canceled; a canceled subscription does not renew` };
  switch (action) {
    case "renew":
      return { ok: true, outcome: renewSubscription(w, sub, null, NO_REQUEST) };
    case "renew-failing": {
      const decline = DECLINES[declineCode];
      if (!decline) return { ok: false, status: 400, error: `decline_code must be one of ${DECLINE_CODES.join(", ")}` };
      return { ok: true, outcome: renewSubscription(w, sub, decline, NO_REQUEST) };
    }
    case "pay": {
      if (!outstandingInvoice(w, sub)) return { ok: false, status: 409, error: `subscription ${sub.id} has no open invoice to pay` };
      return { ok: true, outcome: retryOutstanding(w, sub, NO_REQUEST).paid ? "paid" : "failed" };
    }
    case "cancel":
      endSubscription(w, sub, "cancellation_requested", NO_REQUEST);
      return { ok: true, outcome: "ended" };
  }
}
