// POST /v1/notifications/verify-webhook-signature: SUCCESS only for a transmission
// the sandbox really sent, asked about with the headers it carried, the webhook it
// was signed for (one of the calling app's), and the event it carried, unaltered.
import { isDeepStrictEqual } from "node:util";
import { obj, str, type Operation } from "../call";
import { ok } from "../errors";
import { signatureHolds } from "../webhooks/sign";

export const verifyWebhookSignature: Operation = (call) => {
  const b = obj(call.body);
  const t = call.w.state.transmissions.get(str(b.transmission_id) ?? "");
  const webhook = call.w.state.webhooks.get(str(b.webhook_id) ?? "");
  let sent: unknown;
  try {
    sent = t ? JSON.parse(t.body) : undefined;
  } catch {
    sent = undefined;
  }
  const holds =
    t !== undefined &&
    webhook !== undefined &&
    webhook.clientId === call.clientId &&
    t.webhookId === webhook.id &&
    t.time === b.transmission_time &&
    t.sig === b.transmission_sig &&
    t.certUrl === b.cert_url &&
    t.authAlgo === b.auth_algo &&
    // The event arrives parsed, so "the same body" means the same JSON value.
    isDeepStrictEqual(sent, b.webhook_event) &&
    signatureHolds(t);
  return ok({ verification_status: holds ? "SUCCESS" : "FAILURE" });
};
