// The sign-in lockout as the sign-in page shows it (no server imports: the form uses it too).
export const SIGN_IN_LIMITED = "SignInRateLimited";

/** "SignInRateLimited:<seconds>" → a sentence with the wait; anything else → null. */
export function signInLimitMessage(error: string | null | undefined): string | null {
  const m = error ? new RegExp(`^${SIGN_IN_LIMITED}:(\\d+)$`).exec(error) : null;
  if (!m) return null;
  const min = Math.max(1, Math.ceil(Number(m[1]) / 60));
  return `Too many sign-in attempts for this account or from your network. Wait ${min === 1 ? "a minute" : `${min} minutes`}, then try again.`;
}
