// LinkedIn splits OAuth (www.linkedin.com) from the API (api.linkedin.com); the sandbox serves both under one base.
export const LINKEDIN_LIVE_BASE = "https://api.linkedin.com/";

/**
 * The Posts API's monthly version (LinkedIn-Version). LinkedIn keeps each version
 * for about a year and answers 426 to a retired one, so this is raised yearly.
 */
export const LINKEDIN_VERSION = "202611";

export interface LinkedInEndpoints {
  authorize: string;
  token: string;
  revoke: string;
  userinfo: string;
  /** The versioned REST API's base, ending in /rest/. */
  rest: string;
  /** A post's public page. */
  post(urn: string): string;
}

export function linkedinEndpoints(baseUrl: string): LinkedInEndpoints {
  const live = baseUrl === LINKEDIN_LIVE_BASE;
  const oauth = live ? "https://www.linkedin.com/oauth/v2/" : `${baseUrl}oauth/v2/`;
  const site = live ? "https://www.linkedin.com/" : baseUrl;
  return {
    authorize: `${oauth}authorization`,
    token: `${oauth}accessToken`,
    revoke: `${oauth}revoke`,
    userinfo: `${baseUrl}v2/userinfo`,
    rest: `${baseUrl}rest/`,
    post: (urn) => `${site}feed/update/${urn}/`,
  };
}
