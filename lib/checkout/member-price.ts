// The member price of an order, decided when the order is made: the member
// cookie says who, and their memberships must be active right now.
import type { Db } from "@/lib/db/client";
import type { UnitPrice } from "@/lib/domain/orders/pending";
import { memberCookieName, memberProofFromCookie } from "@/lib/memberships/member-cookie";
import { activeGrants, unitPriceFor } from "@/lib/memberships/pricing";
import { appKeyring } from "@/lib/vault/app-keyring";

/** Reads one of the request's cookies by name. */
export type CookieReader = (name: string) => string | undefined;

/** Undefined when the cookie is missing, forged, expired or of another organization, or the membership is not active. */
export async function memberUnitPrice(db: Db, orgId: string, cookies: CookieReader): Promise<UnitPrice | undefined> {
  const proof = memberProofFromCookie(appKeyring(), orgId, cookies(memberCookieName(orgId)));
  if (!proof) return undefined;
  return unitPriceFor(await activeGrants(db, orgId, proof));
}
