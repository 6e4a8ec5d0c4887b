// Where a member is sent: their own membership page (status, renewal, "Manage card
// or cancel"), reached by a signed link from the e-mails and the success page.
import { appUrl } from "@/lib/config";
import type { Keyring } from "@/lib/vault";
import { readToken, signToken } from "./signed";

/** Long enough to outlive a yearly renewal's dunning mails; what it shows is read when opened. */
const PAGE_LINK_DAYS = 400;

export function memberPageUrl(keyring: Keyring, orgSlug: string, membershipId: string): string {
  const token = signToken(keyring, "member-page", [membershipId], new Date(Date.now() + PAGE_LINK_DAYS * 86_400_000));
  return `${appUrl()}/m/${encodeURIComponent(orgSlug)}/me/${token}`;
}

/** The membership the link names, or null when it is forged or expired. */
export function membershipFromPageToken(keyring: Keyring, token: string): string | null {
  return readToken(keyring, "member-page", token, 1)?.[0] ?? null;
}

export function plansPageUrl(orgSlug: string): string {
  return `${appUrl()}/m/${encodeURIComponent(orgSlug)}`;
}
