// The rules PayPal applies to a new order beyond its schema (which the spec
// validation has already checked): supported currencies and their decimals, totals
// that add up, and where the buyer goes after the approval page.
import { isObj, list, obj, str } from "../call";
import { fail, type Detail, type PayPalAnswer } from "../errors";
import { parseValue } from "../money";
import type { PayPalItem, PayPalMoney, PayPalOrder } from "../state";

export type OrderInput = Pick<
  PayPalOrder,
  "experience" | "referenceId" | "amount" | "itemTotal" | "items" | "description" | "customId" | "invoiceId" | "softDescriptor" | "returnUrl" | "cancelUrl" | "brandName" | "payerEmailHint"
>;

const BREAKDOWN_ADDS = ["item_total", "tax_total", "shipping", "handling", "insurance"];
const BREAKDOWN_SUBTRACTS = ["shipping_discount", "discount"];

const unprocessable = (details: Detail[]): PayPalAnswer => fail(422, details);

function money(v: unknown, field: string): PayPalMoney | Detail {
  const o = obj(v);
  const currency = str(o.currency_code) ?? "";
  const parsed = parseValue(str(o.value) ?? "", currency);
  if (typeof parsed === "string") {
    const currencyProblem = parsed === "CURRENCY_NOT_SUPPORTED";
    return { issue: parsed, field: `${field}/${currencyProblem ? "currency_code" : "value"}`, value: currencyProblem ? currency : (str(o.value) ?? ""), location: "body" };
  }
  return parsed;
}

const isDetail = (v: PayPalMoney | Detail): v is Detail => "issue" in v;

export function readOrderInput(body: unknown): OrderInput | PayPalAnswer {
  const b = obj(body);
  if (b.intent !== "CAPTURE") {
    return unprocessable([{ issue: "NOT_SUPPORTED", field: "/intent", value: String(b.intent), location: "body", description: "The sandbox emulates intent CAPTURE only." }]);
  }
  const units = list(b.purchase_units);
  if (units.length !== 1) {
    return unprocessable([{ issue: "NOT_SUPPORTED", field: "/purchase_units", location: "body", description: "The sandbox emulates orders with one purchase unit." }]);
  }
  const source = obj(b.payment_source);
  const otherSources = Object.keys(source).filter((k) => k !== "paypal");
  if (otherSources.length > 0) {
    return unprocessable([{ issue: "NOT_SUPPORTED", field: `/payment_source/${otherSources[0]}`, location: "body", description: "The sandbox emulates the PayPal wallet only." }]);
  }

  const unit = obj(units[0]);
  const at = "/purchase_units/0";
  const amount = money(unit.amount, `${at}/amount`);
  if (isDetail(amount)) return unprocessable([amount]);
  if (amount.minor <= 0) return unprocessable([{ issue: "CANNOT_BE_ZERO_OR_NEGATIVE", field: `${at}/amount/value`, location: "body" }]);

  const breakdown = obj(obj(unit.amount).breakdown);
  let sum = 0;
  let itemTotal: PayPalMoney | null = null;
  for (const key of [...BREAKDOWN_ADDS, ...BREAKDOWN_SUBTRACTS]) {
    if (breakdown[key] === undefined) continue;
    const part = money(breakdown[key], `${at}/amount/breakdown/${key}`);
    if (isDetail(part)) return unprocessable([part]);
    if (part.currency !== amount.currency) return unprocessable([{ issue: "CURRENCY_MISMATCH", field: `${at}/amount/breakdown/${key}/currency_code`, value: part.currency, location: "body" }]);
    sum += BREAKDOWN_SUBTRACTS.includes(key) ? -part.minor : part.minor;
    if (key === "item_total") itemTotal = part;
  }
  if (Object.keys(breakdown).length > 0 && sum !== amount.minor) return unprocessable([{ issue: "AMOUNT_MISMATCH", field: `${at}/amount/value`, value: str(obj(unit.amount).value) ?? "", location: "body" }]);

  const items: PayPalItem[] = [];
  for (const [i, raw] of list(unit.items).entries()) {
    const item = obj(raw);
    const unitAmount = money(item.unit_amount, `${at}/items/${i}/unit_amount`);
    if (isDetail(unitAmount)) return unprocessable([unitAmount]);
    if (unitAmount.currency !== amount.currency) return unprocessable([{ issue: "CURRENCY_MISMATCH", field: `${at}/items/${i}/unit_amount/currency_code`, value: unitAmount.currency, location: "body" }]);
    items.push({ name: str(item.name) ?? "", quantity: Number(item.quantity), unitAmount, sku: str(item.sku), description: str(item.description), category: str(item.category) });
  }
  if (items.length > 0) {
    if (!itemTotal) return unprocessable([{ issue: "ITEM_TOTAL_REQUIRED", field: `${at}/amount/breakdown/item_total`, location: "body" }]);
    const itemsSum = items.reduce((n, i) => n + i.unitAmount.minor * i.quantity, 0);
    if (itemsSum !== itemTotal.minor) return unprocessable([{ issue: "ITEM_TOTAL_MISMATCH", field: `${at}/amount/breakdown/item_total/value`, value: str(obj(breakdown.item_total).value) ?? "", location: "body" }]);
  }

  const wallet = obj(source.paypal);
  const experience = isObj(source.paypal) ? obj(wallet.experience_context) : obj(b.application_context);
  return {
    experience: isObj(source.paypal) ? "payment_source" : "application_context",
    referenceId: str(unit.reference_id) ?? "default",
    amount,
    itemTotal,
    items,
    description: str(unit.description),
    customId: str(unit.custom_id),
    invoiceId: str(unit.invoice_id),
    softDescriptor: str(unit.soft_descriptor),
    returnUrl: str(experience.return_url),
    cancelUrl: str(experience.cancel_url),
    brandName: str(experience.brand_name),
    payerEmailHint: str(wallet.email_address),
  };
}
