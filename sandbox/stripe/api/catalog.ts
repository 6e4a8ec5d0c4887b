// Adding to the catalogue: a product, a price, and the terms a price is read from
// (prices.create, products.create's default_price_data, Checkout's price_data).
import { asObject, paramName, type FormObject } from "../../validation/deep-object";
import type { Interval, StripePrice, StripeProduct } from "../billing-state";
import type { StripeCall } from "../call";
import { invalid, type StripeAnswer } from "../errors";
import { stripeId } from "../ids";
import { catalogPriceView } from "../objects/price";
import { productView } from "../objects/product";
import { int, str } from "../params";
import { emit } from "../webhooks/emit";

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

/** A product made for a price's product_data, or by products.create. */
export function addProduct(call: StripeCall, input: { name: string; description: string | null; active: boolean; metadata: Record<string, string> }): StripeProduct {
  const { w, key } = call;
  const product: StripeProduct = { id: stripeId("prod", 14), livemode: key.livemode, created: w.now(), updated: w.now(), defaultPriceId: null, ...input };
  w.state.billing.products.set(product.id, product);
  emit(w, "product.created", productView(w, product), call.cause);
  return product;
}
