// Twilio under /twilio: the 2010 REST API at /twilio/2010-04-01/… (messages, calls;
// the SDK's api domain), Messaging v1 at /twilio/messaging/v1/… (its messaging
// domain) and the Content API at /twilio/content/v1/… (its content domain).
import { defineProvider } from "../core/provider-module";
import { keyCredentials } from "../core/key-credentials";
import { handleApi } from "./api";
import { TWILIO_CONTROL } from "./control";
import { faultAnswer, send } from "./errors";
import { SMS_CSS, twilioInbox, twilioSection } from "./inbox";
import { TWILIO_API_SPEC, TWILIO_MESSAGING_SPEC } from "./spec";
import { TWILIO_STATE } from "./state";

export const twilioModule = defineProvider({
  name: "twilio",
  state: TWILIO_STATE,
  specs: [TWILIO_API_SPEC, TWILIO_MESSAGING_SPEC],
  credentials: keyCredentials,
  control: TWILIO_CONTROL,
  inbox: {
    json: twilioInbox,
    section: {
      anchor: "sms",
      label: "SMS, WhatsApp and calls",
      note: "Twilio",
      count: (state) => state.messages.size + state.calls.size,
      render: twilioSection,
      css: SMS_CSS,
      links: [
        ["/_sandbox/twilio/accounts", "Twilio accounts and numbers"],
        ["/_sandbox/twilio/callbacks", "Twilio callbacks"],
      ],
    },
  },
  handle: handleApi,
  fail(ctx, status, retryAfterSeconds) {
    send(ctx, faultAnswer(status), retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {});
  },
});
