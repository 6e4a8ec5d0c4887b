// billing_portal.session as the API returns it: its url opens the sandbox's portal page.
import type { StripePortalSession } from "../billing-state";
import { shaped } from "../fixtures";
import type { World } from "../world";

/** The one portal configuration the sandbox account has. */
export const PORTAL_CONFIGURATION = "bpc_sandboxDefaultPortal";

export function portalUrl(w: World, s: StripePortalSession): string {
  return `${w.rt.url}/billing/p/session/${s.secret}`;
}

export function portalSessionView(w: World, s: StripePortalSession): Record<string, unknown> {
  return shaped(w.templates, "billing_portal.session", {
    id: s.id,
    object: "billing_portal.session",
    configuration: PORTAL_CONFIGURATION,
    created: s.created,
    customer: s.customerId,
    customer_account: null,
    flow: null,
    livemode: s.livemode,
    locale: s.locale,
    on_behalf_of: null,
    return_url: s.returnUrl,
    url: portalUrl(w, s),
  });
}
