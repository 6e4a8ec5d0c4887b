// One LinkedIn member, the pages (organizations) they administer or not, the OAuth
// grants made to apps, and the posts made through the Posts API.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type GrantBook } from "../oauth/grants";

export interface LinkedInMember {
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface LinkedInOrganization {
  id: number;
  localizedName: string;
  vanityName: string;
  /** Whether the member is one of its approved administrators. */
  memberIsAdmin: boolean;
}

export interface LinkedInPost {
  urn: string;
  author: string;
  /** As sent (little text, escaped). */
  commentary: string;
  article: { source: string; title?: string } | null;
  visibility: string;
  createdAt: string;
  deleted: boolean;
}

export interface LinkedInState extends GrantBook {
  member: LinkedInMember;
  organizations: Map<number, LinkedInOrganization>;
  posts: Map<string, LinkedInPost>;
}

export const LINKEDIN_STATE = stateSlot<"linkedin", LinkedInState>("linkedin", () => ({
  member: { sub: "sbxLiMember01", name: "Sandbox Member", givenName: "Sandbox", familyName: "Member", email: "member@linkedin.sandbox.test" },
  organizations: new Map([
    [90000001, { id: 90000001, localizedName: "Sandbox Events Co", vanityName: "sandbox-events-co", memberIsAdmin: true }],
    [90000002, { id: 90000002, localizedName: "Someone Else's Page", vanityName: "someone-elses-page", memberIsAdmin: false }],
  ]),
  ...emptyGrantBook(),
  posts: new Map(),
}));
