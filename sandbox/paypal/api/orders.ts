// Orders v2: create, read, capture.
import type { Operation, PayPalCall } from "../call";
import { fail, notFound, ok, unprocessable } from "../errors";
import { orderId } from "../ids";
import { minimalOrderView, orderView } from "../objects/order";
import type { PayPalOrder } from "../state";
import { captureOrder, duplicateInvoice } from "../flows/capture";
import { readOrderInput } from "./order-input";

/** An order of the calling app; another app's order does not exist for it. */
export function ownOrder(call: PayPalCall, id: string): PayPalOrder | undefined {
  const o = call.w.state.orders.get(id);
  return o && o.clientId === call.clientId ? o : undefined;
}

export function orderAnswer(call: PayPalCall, o: PayPalOrder, status: number) {
  return ok(call.representation ? orderView(call.w, o) : minimalOrderView(call.w, o), status);
}

export const createOrder: Operation = (call) => {
  const input = readOrderInput(call.body);
  if ("status" in input) return input;
  const now = call.w.now();
  const order: PayPalOrder = {
    id: orderId(),
    clientId: call.clientId,
    created: now,
    updated: now,
    // Asking through payment_source.paypal means the buyer must act next, as PayPal says it.
    status: input.experience === "payment_source" ? "PAYER_ACTION_REQUIRED" : "CREATED",
    funding: null,
    approvedAt: null,
    captureId: null,
    ...input,
  };
  call.w.state.orders.set(order.id, order);
  return { ...orderAnswer(call, order, 201), made: { kind: "order", id: order.id } };
};

export const getOrder: Operation = (call) => {
  const o = ownOrder(call, call.pathParams.id!);
  return o ? ok(orderView(call.w, o)) : notFound("order_id", call.pathParams.id!);
};

export const captureOrderNow: Operation = (call) => {
  const o = ownOrder(call, call.pathParams.id!);
  if (!o) return notFound("order_id", call.pathParams.id!);
  if (o.status === "COMPLETED") return unprocessable("ORDER_ALREADY_CAPTURED");
  if (o.status !== "APPROVED") return unprocessable("ORDER_NOT_APPROVED");
  if (duplicateInvoice(call.w, o)) return fail(422, [{ issue: "DUPLICATE_INVOICE_ID", field: "/purchase_units/0/invoice_id", value: o.invoiceId!, location: "body" }]);
  captureOrder(call.w, o);
  return { ...orderAnswer(call, o, 201), made: { kind: "order", id: o.id } };
};
