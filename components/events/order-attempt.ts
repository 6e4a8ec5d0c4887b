// The attempt id the order form sends: fixed when the page renders, so a double
// submit or a retry after a lost answer finds the same order. Only when the server
// says that order is over (its checkout failed or ended) does the next submit need
// a new one; otherwise every later submit would be told the checkout has ended.

/** The attempt id for the next submit, after the server refused this one with `refusal`. */
export function attemptAfterRefusal(current: string, refusal: Record<string, unknown>): string {
  return refusal.attemptEnded === true ? crypto.randomUUID() : current;
}
