// Intuit splits OAuth (appcenter.intuit.com, oauth.platform.intuit.com) from the
// accounting API (quickbooks.api.intuit.com); the sandbox serves all under one base.
export const QUICKBOOKS_LIVE_BASE = "https://quickbooks.api.intuit.com/";
/** Intuit's API version; every request names it so answers keep one shape. */
export const MINOR_VERSION = "75";

export interface QuickBooksEndpoints {
  authorize: string;
  token: string;
  revoke: string;
  /** The company's API base, ending in /v3/company/{realmId}/. */
  company(realmId: string): string;
}

export function quickbooksEndpoints(baseUrl: string, env: Record<string, string | undefined> = process.env): QuickBooksEndpoints {
  if (baseUrl === QUICKBOOKS_LIVE_BASE) {
    // A development key works against Intuit's sandbox companies only, at their own host.
    const api = env.QUICKBOOKS_ENVIRONMENT === "development" ? "https://sandbox-quickbooks.api.intuit.com/" : QUICKBOOKS_LIVE_BASE;
    return {
      authorize: "https://appcenter.intuit.com/connect/oauth2",
      token: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
      revoke: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
      company: (realmId) => `${api}v3/company/${encodeURIComponent(realmId)}/`,
    };
  }
  return {
    authorize: `${baseUrl}oauth2/authorize`,
    token: `${baseUrl}oauth2/v1/tokens/bearer`,
    revoke: `${baseUrl}oauth2/v1/tokens/revoke`,
    company: (realmId) => `${baseUrl}v3/company/${encodeURIComponent(realmId)}/`,
  };
}
