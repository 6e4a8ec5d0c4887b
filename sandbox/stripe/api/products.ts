// Products: create (with a default price if asked), retrieve, update, list.
import { answerWith, type Operation, type StripeCall } from "../call";
import type { StripeProduct } from "../billing-state";
import { invalid, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { productView } from "../objects/product";
import { bool, mergeMetadata, metadata, str, strings, text } from "../params";
import { asObject } from "../../validation/deep-object";
import { emit } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";
import { addPrice, readPriceTerms } from "./prices";

export function findProduct(call: StripeCall, id: string, param = "id"): StripeProduct | StripeAnswer {
  return visible(call.w, "prod", id, call.key.livemode, param) ?? call.w.state.billing.products.get(id)!;
}

const isProduct = (v: StripeProduct | StripeAnswer): v is StripeProduct => "defaultPriceId" in v;

/** A product made for a price's product_data, or by products.create. */
export function addProduct(call: StripeCall, input: { name: string; description: string | null; active: boolean; metadata: Record<string, string> }): StripeProduct {
  const { w, key } = call;
  const product: StripeProduct = { id: stripeId("prod", 14), livemode: key.livemode, created: w.now(), updated: w.now(), defaultPriceId: null, ...input };
  w.state.billing.products.set(product.id, product);
  emit(w, "product.created", productView(w, product), call.cause);
  return product;
}

export const createProduct: Operation = (call) => {
  const { params } = call;
  const name = text(params, "name");
  if (name === null) return invalid("Missing required param: name.", "name", "parameter_missing");
  const priceData = asObject(params.default_price_data);
  const terms = priceData ? readPriceTerms(priceData, "default_price_data") : null;
  if (terms && "status" in terms) return terms;
  const product = addProduct(call, { name, description: text(params, "description"), active: bool(params, "active") ?? true, metadata: metadata(params.metadata) });
  if (terms) {
    const price = addPrice(call, { ...terms, productId: product.id, nickname: null, lookupKey: null, metadata: {} });
    product.defaultPriceId = price.id;
  }
  return answerWith(call, productView(call.w, product));
};

export const retrieveProduct: Operation = (call) => {
  const p = findProduct(call, call.pathParams.id!);
  return isProduct(p) ? answerWith(call, productView(call.w, p)) : p;
};

export const updateProduct: Operation = (call) => {
  const { w, params } = call;
  const p = findProduct(call, call.pathParams.id!);
  if (!isProduct(p)) return p;
  const before = productView(w, p);
  const name = str(params, "name");
  if (name !== undefined) {
    if (name === "") return invalid("You cannot set name to an empty string.", "name");
    p.name = name;
  }
  if (str(params, "description") !== undefined) p.description = text(params, "description");
  p.active = bool(params, "active") ?? p.active;
  const defaultPrice = text(params, "default_price");
  if (defaultPrice !== null) {
    const price = w.state.billing.prices.get(defaultPrice);
    if (!price || price.livemode !== p.livemode) return invalid(`No such price: '${defaultPrice}'`, "default_price", "resource_missing");
    if (price.productId !== p.id) return invalid(`The price ${defaultPrice} does not belong to product ${p.id}.`, "default_price");
    p.defaultPriceId = price.id;
  }
  p.metadata = mergeMetadata(p.metadata, params.metadata);
  p.updated = w.now();
  const after = productView(w, p);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "product.updated", after, call.cause, previous);
  return answerWith(call, after);
};

export const listProducts: Operation = (call) => {
  const active = bool(call.params, "active");
  const ids = strings(call.params.ids);
  const products = [...call.w.state.billing.products.values()]
    .filter((p) => p.livemode === call.key.livemode && (active === undefined || p.active === active) && (ids.length === 0 || ids.includes(p.id)))
    .reverse();
  const page = paginate(products, call.params, "product");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/products", page.items.map((p) => productView(call.w, p)), page.hasMore));
};
