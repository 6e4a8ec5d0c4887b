// The account every key opens: a Swiss events company, so amounts default to CHF.
export const ACCOUNT = {
  id: "acct_sandbox1EventsCH",
  name: "Sandbox Events GmbH",
  displayName: "Sandbox Events",
  email: "payments@sandbox-events.example",
  country: "CH",
  currency: "chf",
  timezone: "Europe/Zurich",
  statementDescriptor: "SANDBOX EVENTS",
  /** The account's default API version, which events are rendered with unless an endpoint pins another. */
  apiVersion: "2020-08-27",
  /** Where attendees send a bank transfer. */
  iban: "CH9300762011623852957",
  bic: "SBXECHZZXXX",
} as const;
