// The one list of connectors. The settings pages, the dispatcher and the OAuth
// routes all read it; adding a provider is a folder under lib/integrations and
// one line here.
import type { Connector } from "./contract";
import { googleCalendar } from "./google-calendar/connector";
import { sendgrid } from "./sendgrid/connector";
import { slack } from "./slack/connector";
import { stripeConnector } from "./stripe/connector";
import { payrexxConnector } from "./payrexx/connector";
import { paypalConnector } from "./paypal/connector";

export const connectors: readonly Connector[] = [stripeConnector, payrexxConnector, paypalConnector, slack, sendgrid, googleCalendar];

export function findConnector(id: string): Connector | undefined {
  return connectors.find((c) => c.id === id);
}
