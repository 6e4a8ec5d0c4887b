// Which of a person's organizations a request acts in. The browser names one in a
// cookie; the cookie is only a wish, honoured when the person is a member there
// now, so a removed member loses that organization on their very next request.
import type { Membership } from "./users";

/** The cookie naming the organization a person last switched to; its value is an org id, never trusted alone. */
export const ORG_COOKIE = "switchboard-org";

export const orgCookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: "lax" as const, path: "/", secure, maxAge: 365 * 86_400 });

/** The membership the cookie names when it is one of them, otherwise the oldest. */
export function chooseMembership(memberships: readonly Membership[], wanted: string | null | undefined): Membership | null {
  return memberships.find((m) => m.orgId === wanted) ?? memberships[0] ?? null;
}
