// Prices: create (for a product, or with product_data), retrieve, update (active,
// nickname, lookup_key, metadata: a price's amount never changes), list.
import { answerWith, type Operation, type StripeCall } from "../call";
import type { Interval, StripePrice } from "../billing-state";
import { invalid, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { catalogPriceView } from "../objects/price";
import { bool, int, mergeMetadata, metadata, str, strings, text } from "../params";
import { asObject, paramName, type FormObject } from "../../validation/deep-object";
import { emit } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";
import { addProduct } from "./products";

const INTERVALS: Interval[] = ["day", "week", "month", "year"];
/** Stripe bills at most every three years: 3 years, 36 months, 156 weeks, 1095 days. */
const MAX_COUNT: Record<Interval, number> = { day: 1095, week: 156, month: 36, year: 3 };

export interface PriceTerms {
  currency: string;
  unitAmount: number;
  recurring: StripePrice["recurring"];
}

/** currency, unit_amount (or its decimal form) and recurring, as prices.create and price_data take them. */
export function readPriceTerms(p: FormObject, prefix?: string): PriceTerms | StripeAnswer {
  const at = (...rest: string[]) => paramName(prefix ? [prefix, ...rest] : rest);
  const currency = (str(p, "currency") ?? "").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) return invalid(`Invalid currency: ${str(p, "currency") ?? ""}.`, at("currency"));
  const decimal = str(p, "unit_amount_decimal");
  const unitAmount = int(p, "unit_amount") ?? (decimal !== undefined && /^\d+$/.test(decimal) ? Number(decimal) : undefined);
  if (unitAmount === undefined) return invalid(`Missing required param: ${at("unit_amount")}.`, at("unit_amount"), "parameter_missing");
  if (unitAmount < 0) return invalid("This value must be greater than or equal to 0.", at("unit_amount"));
  const rec = asObject(p.recurring);
  if (!rec) return { currency, unitAmount, recurring: null };
  const interval = str(rec, "interval") as Interval | undefined;
  if (interval === undefined || !INTERVALS.includes(interval)) return invalid(`Invalid recurring[interval]: must be one of ${INTERVALS.join(", ")}`, at("recurring", "interval"));
  const count = int(rec, "interval_count") ?? 1;
  if (count < 1 || count > MAX_COUNT[interval]) return invalid("The maximum billing interval is three years (3 years, 36 months, 156 weeks or 1095 days).", at("recurring", "interval_count"));
  return { currency, unitAmount, recurring: { interval, intervalCount: count } };
}

export function addPrice(
  call: StripeCall,
  input: PriceTerms & { productId: string; nickname: string | null; lookupKey: string | null; metadata: Record<string, string>; active?: boolean },
): StripePrice {
  const { w, key } = call;
  const { active, ...rest } = input;
  const price: StripePrice = { id: stripeId("price"), livemode: key.livemode, created: w.now(), active: active ?? true, ...rest };
  w.state.billing.prices.set(price.id, price);
  emit(w, "price.created", catalogPriceView(w, price), call.cause);
  return price;
}

export function findPrice(call: StripeCall, id: string, param = "price"): StripePrice | StripeAnswer {
  return visible(call.w, "price", id, call.key.livemode, param) ?? call.w.state.billing.prices.get(id)!;
}

export const isPrice = (v: StripePrice | StripeAnswer): v is StripePrice => "unitAmount" in v;

export const createPrice: Operation = (call) => {
  const { w, params, key } = call;
  const terms = readPriceTerms(params);
  if ("status" in terms) return terms;
  const productId = text(params, "product");
  const productData = asObject(params.product_data);
  if (productId === null && !productData) return invalid("You must specify either `product` or `product_data` when creating a price.", "product");
  if (productId !== null && productData) return invalid("You may only specify one of these parameters: product, product_data.", "product_data");
  let product: string;
  if (productId !== null) {
    const found = w.state.billing.products.get(productId);
    if (!found || found.livemode !== key.livemode) return invalid(`No such product: '${productId}'`, "product", "resource_missing");
    product = found.id;
  } else {
    const name = text(productData!, "name");
    if (name === null) return invalid("Missing required param: product_data[name].", "product_data[name]", "parameter_missing");
    product = addProduct(call, { name, description: null, active: bool(productData!, "active") ?? true, metadata: metadata(productData!.metadata) }).id;
  }
  const lookupKey = text(params, "lookup_key");
  if (lookupKey !== null && [...w.state.billing.prices.values()].some((p) => p.livemode === key.livemode && p.lookupKey === lookupKey)) {
    if (bool(params, "transfer_lookup_key") !== true) return invalid(`A price (\`${lookupKey}\`) already uses that lookup key.`, "lookup_key");
    for (const p of w.state.billing.prices.values()) if (p.lookupKey === lookupKey && p.livemode === key.livemode) p.lookupKey = null;
  }
  const price = addPrice(call, { ...terms, productId: product, nickname: text(params, "nickname"), lookupKey, metadata: metadata(params.metadata), active: bool(params, "active") });
  return answerWith(call, catalogPriceView(w, price));
};

export const retrievePrice: Operation = (call) => {
  const p = findPrice(call, call.pathParams.price!);
  return isPrice(p) ? answerWith(call, catalogPriceView(call.w, p)) : p;
};

export const updatePrice: Operation = (call) => {
  const { w, params } = call;
  const p = findPrice(call, call.pathParams.price!);
  if (!isPrice(p)) return p;
  for (const fixed of ["unit_amount", "currency", "recurring", "product"]) {
    if (params[fixed] !== undefined) return invalid(`Received unknown parameter: ${fixed}`, fixed);
  }
  const before = catalogPriceView(w, p);
  p.active = bool(params, "active") ?? p.active;
  if (str(params, "nickname") !== undefined) p.nickname = text(params, "nickname");
  if (str(params, "lookup_key") !== undefined) p.lookupKey = text(params, "lookup_key");
  p.metadata = mergeMetadata(p.metadata, params.metadata);
  const after = catalogPriceView(w, p);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "price.updated", after, call.cause, previous);
  return answerWith(call, after);
};

export const listPrices: Operation = (call) => {
  const { params } = call;
  const active = bool(params, "active");
  const product = text(params, "product");
  const type = text(params, "type");
  const currency = text(params, "currency");
  const lookupKeys = strings(params.lookup_keys);
  const prices = [...call.w.state.billing.prices.values()]
    .filter(
      (p) =>
        p.livemode === call.key.livemode &&
        (active === undefined || p.active === active) &&
        (product === null || p.productId === product) &&
        (type === null || (type === "recurring") === (p.recurring !== null)) &&
        (currency === null || p.currency === currency.toLowerCase()) &&
        (lookupKeys.length === 0 || (p.lookupKey !== null && lookupKeys.includes(p.lookupKey))),
    )
    .reverse();
  const page = paginate(prices, params, "price");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/prices", page.items.map((p) => catalogPriceView(call.w, p)), page.hasMore));
};
