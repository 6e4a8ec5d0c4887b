// An order as GET /v2/checkout/orders/{id} shows it (Prefer: return=representation),
// and the minimal form create and capture answer with by default.
import { BUYER, MERCHANT } from "../account";
import { moneyView } from "../money";
import type { PayPalOrder } from "../state";
import { isoTime, type World } from "../world";
import { captureView } from "./capture";
import { link, type Link } from "./links";
import { refundView } from "./refund";

export function approvalUrl(w: World, o: PayPalOrder): string {
  return `${w.rt.url}/paypal/checkoutnow?token=${o.id}`;
}

function orderLinks(w: World, o: PayPalOrder): Link[] {
  const self = `${w.api}/v2/checkout/orders/${o.id}`;
  const links = [link(self, "self")];
  if (o.status === "CREATED") links.push(link(approvalUrl(w, o), "approve"));
  if (o.status === "PAYER_ACTION_REQUIRED") links.push(link(approvalUrl(w, o), "payer-action"));
  if (o.status === "CREATED" || o.status === "PAYER_ACTION_REQUIRED" || o.status === "APPROVED") links.push(link(self, "update", "PATCH"));
  if (o.status === "APPROVED") links.push(link(`${self}/capture`, "capture", "POST"));
  return links;
}

function payer() {
  return { name: { given_name: BUYER.givenName, surname: BUYER.surname }, email_address: BUYER.email, payer_id: BUYER.payerId, address: { country_code: BUYER.countryCode } };
}

function paymentSource(o: PayPalOrder) {
  if (o.approvedAt === null) return o.experience === "payment_source" ? { paypal: {} } : null;
  return {
    paypal: {
      email_address: BUYER.email,
      account_id: BUYER.payerId,
      account_status: "VERIFIED",
      name: { given_name: BUYER.givenName, surname: BUYER.surname },
      address: { country_code: BUYER.countryCode },
    },
  };
}

function purchaseUnit(w: World, o: PayPalOrder): Record<string, unknown> {
  const capture = o.captureId ? w.state.captures.get(o.captureId) : undefined;
  const refunds = capture ? capture.refundIds.map((id) => refundView(w, w.state.refunds.get(id)!)) : [];
  return {
    reference_id: o.referenceId,
    amount: { ...moneyView(o.amount), ...(o.itemTotal ? { breakdown: { item_total: moneyView(o.itemTotal) } } : {}) },
    payee: { email_address: MERCHANT.email, merchant_id: MERCHANT.merchantId },
    ...(o.description !== null ? { description: o.description } : {}),
    ...(o.customId !== null ? { custom_id: o.customId } : {}),
    ...(o.invoiceId !== null ? { invoice_id: o.invoiceId } : {}),
    ...(o.softDescriptor !== null ? { soft_descriptor: o.softDescriptor } : {}),
    ...(o.items.length > 0
      ? {
          items: o.items.map((i) => ({
            name: i.name,
            unit_amount: moneyView(i.unitAmount),
            quantity: String(i.quantity),
            ...(i.description !== null ? { description: i.description } : {}),
            ...(i.sku !== null ? { sku: i.sku } : {}),
            ...(i.category !== null ? { category: i.category } : {}),
          })),
        }
      : {}),
    ...(capture ? { payments: { captures: [captureView(w, capture, false)], ...(refunds.length > 0 ? { refunds } : {}) } } : {}),
  };
}

export function orderView(w: World, o: PayPalOrder): Record<string, unknown> {
  const source = paymentSource(o);
  return {
    id: o.id,
    intent: "CAPTURE",
    status: o.status,
    ...(source ? { payment_source: source } : {}),
    purchase_units: [purchaseUnit(w, o)],
    ...(o.approvedAt !== null ? { payer: payer() } : {}),
    create_time: isoTime(o.created),
    update_time: isoTime(o.updated),
    links: orderLinks(w, o),
  };
}

export function minimalOrderView(w: World, o: PayPalOrder): Record<string, unknown> {
  const source = paymentSource(o);
  return { id: o.id, status: o.status, ...(source ? { payment_source: source } : {}), links: orderLinks(w, o) };
}
