/** One spelling of an e-mail per person: "Pia@X.com " and "pia@x.com" are the same buyer. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
