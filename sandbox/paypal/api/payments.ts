// Payments v2: read captures, refund them, read refunds.
import { obj, str, type Operation, type PayPalCall } from "../call";
import { fail, notFound, ok } from "../errors";
import { checkRefund, refundCapture } from "../flows/refund";
import { link } from "../objects/links";
import { captureView } from "../objects/capture";
import { refundView } from "../objects/refund";
import { parseValue } from "../money";
import type { PayPalCapture, PayPalMoney, PayPalRefund } from "../state";

function ownCapture(call: PayPalCall, id: string): PayPalCapture | undefined {
  const c = call.w.state.captures.get(id);
  return c && c.clientId === call.clientId ? c : undefined;
}

export function refundAnswer(call: PayPalCall, r: PayPalRefund, status: number) {
  const minimal = { id: r.id, status: "COMPLETED", links: [link(`${call.w.api}/v2/payments/refunds/${r.id}`, "self"), link(`${call.w.api}/v2/payments/captures/${r.captureId}`, "up")] };
  return ok(call.representation ? refundView(call.w, r) : minimal, status);
}

export const getCapture: Operation = (call) => {
  const c = ownCapture(call, call.pathParams.capture_id!);
  return c ? ok(captureView(call.w, c)) : notFound("capture_id", call.pathParams.capture_id!);
};

export const refundCaptureNow: Operation = (call) => {
  const capture = ownCapture(call, call.pathParams.capture_id!);
  if (!capture) return notFound("capture_id", call.pathParams.capture_id!);
  const b = obj(call.body);
  let amount: PayPalMoney | null = null;
  if (b.amount !== undefined) {
    const a = obj(b.amount);
    const parsed = parseValue(str(a.value) ?? "", str(a.currency_code) ?? "");
    if (typeof parsed === "string") return fail(422, [{ issue: parsed, field: "/amount/value", value: str(a.value) ?? "", location: "body" }]);
    amount = parsed;
  }
  const refusal = checkRefund(capture, amount);
  if (refusal) return fail(422, [refusal]);
  const refund = refundCapture(call.w, { capture, amount, customId: str(b.custom_id), invoiceId: str(b.invoice_id), noteToPayer: str(b.note_to_payer), via: "api" });
  return { ...refundAnswer(call, refund, 201), made: { kind: "refund", id: refund.id } };
};

export const getRefund: Operation = (call) => {
  const r = call.w.state.refunds.get(call.pathParams.refund_id!);
  return r && r.clientId === call.clientId ? ok(refundView(call.w, r)) : notFound("refund_id", call.pathParams.refund_id!);
};
