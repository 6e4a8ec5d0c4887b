// A payment provider's customer record: one per buyer e-mail and connection,
// created once and reused, so the provider's dashboard shows a person's purchases
// together. The generic side (lib/customers) keeps the mapping; this is the provider's half.
export interface CustomerDetails {
  email: string;
  name: string;
}

export interface PaymentCustomers<Ctx> {
  /** Finds the provider's customer for this e-mail, or creates it; idempotent for the same e-mail. `existed`: it was found, not made now. */
  ensureCustomer(ctx: Ctx, who: CustomerDetails): Promise<{ customerId: string; existed: boolean }>;
  /** Where an admin sees this customer in the provider's dashboard. */
  dashboardUrl(ctx: Ctx, customerId: string): string;
}
