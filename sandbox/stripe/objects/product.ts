// product as the API returns it.
import { shaped } from "../fixtures";
import type { StripeProduct } from "../billing-state";
import type { World } from "../world";

export function productView(w: World, p: StripeProduct): Record<string, unknown> {
  return shaped(w.templates, "product", {
    id: p.id,
    object: "product",
    active: p.active,
    created: p.created,
    default_price: p.defaultPriceId,
    description: p.description,
    images: [],
    livemode: p.livemode,
    marketing_features: [],
    metadata: { ...p.metadata },
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    unit_label: null,
    updated: p.updated,
    url: null,
    type: "service",
  });
}
