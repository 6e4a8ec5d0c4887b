// What each sign-in provider's profile proves about the person: a stable subject,
// and whether the e-mail it carries is one the provider vouches for. An e-mail is
// only a claim; each provider has its own way of saying it checked it.
type Env = Record<string, string | undefined>;
type Claims = Record<string, unknown>;

export interface ClaimedIdentity {
  provider: string;
  /** What the provider guarantees never changes and is never reused. */
  subject: string;
  /** The directory the subject lives in (Microsoft's tid); "" where there is none. */
  tenant: string;
  email: string | null;
  /** The provider vouches that the person controls this e-mail address. */
  emailVouched: boolean;
  /**
   * Only the identity recorded at first link may sign its user in, because the
   * e-mail is asserted by a directory anyone can create (Microsoft's multi-tenant endpoint).
   */
  pinnedToFirstLink: boolean;
  /** Refused before any account is looked at. */
  refusal?: "TenantNotAllowed";
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

function google(p: Claims): ClaimedIdentity | null {
  const subject = str(p.sub);
  if (!subject) return null;
  // Google sets email_verified (a boolean in its ID tokens) only for addresses it verified.
  return { provider: "google", subject, tenant: "", email: str(p.email), emailVouched: p.email_verified === true, pinnedToFirstLink: false };
}

export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/** The primary address GitHub verified, from /user/emails; the profile's own e-mail is free text. */
export function githubVerifiedPrimaryEmail(p: Claims): string | null {
  const emails = Array.isArray(p.emails) ? (p.emails as GitHubEmail[]) : [];
  return emails.find((e) => e && e.primary === true && e.verified === true && typeof e.email === "string")?.email ?? null;
}

function github(p: Claims): ClaimedIdentity | null {
  const subject = str(p.id);
  if (!subject) return null;
  const verified = githubVerifiedPrimaryEmail(p);
  // Without a verified primary address, what the person would recognise is refused as unverified.
  const primary = Array.isArray(p.emails) ? (p.emails as GitHubEmail[]).find((e) => e?.primary)?.email : undefined;
  const email = verified ?? str(primary) ?? str(p.email);
  return { provider: "github", subject, tenant: "", email, emailVouched: verified !== null, pinnedToFirstLink: false };
}

const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function microsoftTenant(env: Env): string {
  return (env.MICROSOFT_TENANT_ID ?? "").trim() || "common";
}

export function isMicrosoftMultiTenant(env: Env): boolean {
  return MULTI_TENANT.has(microsoftTenant(env).toLowerCase());
}

// The optional claim xms_edov says the user's tenant has verified it owns the
// domain of the e-mail; Entra emits it as a boolean, some tokens as 1.
const edov = (v: unknown) => v === true || v === 1 || v === "1" || v === "true";

function microsoft(p: Claims, env: Env): ClaimedIdentity | null {
  // The object id is stable within its tenant; sub is pairwise per application.
  const subject = str(p.oid);
  const tenant = str(p.tid);
  if (!subject || !tenant) return null;
  const email = str(p.email);
  if (isMicrosoftMultiTenant(env)) {
    return { provider: "azure-ad", subject, tenant, email, emailVouched: edov(p.xms_edov), pinnedToFirstLink: true };
  }
  // A pinned tenant is the operator's own directory: its e-mails are its to assign.
  // The token's issuer is already checked against that tenant; the tid check also
  // holds when the tenant was configured by its directory id.
  const pinned = microsoftTenant(env);
  if (GUID.test(pinned) && pinned.toLowerCase() !== tenant.toLowerCase()) {
    return { provider: "azure-ad", subject, tenant, email, emailVouched: false, pinnedToFirstLink: false, refusal: "TenantNotAllowed" };
  }
  return { provider: "azure-ad", subject, tenant, email, emailVouched: true, pinnedToFirstLink: false };
}

const READERS: Record<string, (p: Claims, env: Env) => ClaimedIdentity | null> = { google, github, "azure-ad": microsoft };

export function claimedIdentity(provider: string | undefined, profile: unknown, env: Env = process.env): ClaimedIdentity | null {
  const read = provider ? READERS[provider] : undefined;
  if (!read || !profile || typeof profile !== "object") return null;
  return read(profile as Claims, env);
}
