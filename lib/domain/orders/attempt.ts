// The public page's attempt id names one order: a repeated submit finds it instead
// of ordering twice. Once that order can go no further (its checkout failed or
// ended), the attempt is over, and the page needs a new one to order again.
import { ConflictError } from "../errors";

export const CHECKOUT_ENDED = "This checkout has ended. Reload the page to start again.";

/** Refused because this attempt's order is over; the page may submit again with a new attempt id. */
export class AttemptEndedError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = "AttemptEndedError";
  }
}
