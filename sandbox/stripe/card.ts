// A card as a charge and a customer keep it, and how a test card declines.
export interface StripeCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: string;
  country: string;
}

/** How a test card declines. */
export interface CardDecline {
  code: string;
  declineCode: string | null;
  message: string;
}
