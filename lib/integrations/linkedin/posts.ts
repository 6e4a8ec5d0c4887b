// Posting through LinkedIn's Posts API: as the member (urn:li:person:<sub>) or as
// the page chosen in the settings, the event's link as an article card.
import { ProviderCallError } from "../contract";
import type { OutgoingPost, PostResult } from "../contract/social-posts";
import { linkedinRequest } from "./client";
import { linkedinEndpoints } from "./endpoints";
import { duplicateOf } from "./errors";
import type { LinkedInContext } from "./manifest";

/** LinkedIn reads commentary as "little text": these characters are markup unless escaped. */
export function littleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (c) => `\\${c}`);
}

export function authorOf(ctx: LinkedInContext): string {
  return ctx.settings.author || `urn:li:person:${ctx.connection.externalAccountId}`;
}

export async function publishPost(ctx: LinkedInContext, post: OutgoingPost): Promise<PostResult> {
  const endpoints = linkedinEndpoints(ctx.baseUrl);
  const body = {
    author: authorOf(ctx),
    commentary: littleText(post.text),
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    content: { article: { source: post.link, title: post.title.slice(0, 400) } },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
  };
  try {
    const created = await ctx.call("posts.create", (signal) => linkedinRequest<undefined>(`${endpoints.rest}posts`, { method: "POST", accessToken: ctx.credentials.accessToken, body, signal, rest: true }));
    const urn = created.headers.get("x-restli-id");
    if (!urn) throw new Error("LinkedIn created the post but named no id (x-restli-id)");
    return { posted: true, id: urn, url: endpoints.post(urn) };
  } catch (err) {
    // LinkedIn keeps no idempotency key; its duplicate refusal names the post a lost answer made.
    const duplicate = err instanceof ProviderCallError ? duplicateOf(err.cause) : null;
    if (duplicate) return { posted: false, duplicate: true, id: duplicate.urn, url: duplicate.urn ? endpoints.post(duplicate.urn) : null };
    throw err;
  }
}

interface Acl {
  organization: string;
  role: string;
  state: string;
}

/** The pages the member administers, by URN with their names: the "Post as" choices. */
export async function administeredPages(ctx: LinkedInContext): Promise<Array<{ value: string; label: string }>> {
  const rest = linkedinEndpoints(ctx.baseUrl).rest;
  const acls = await ctx.call("organizationAcls.list", (signal) =>
    linkedinRequest<{ elements: Acl[] }>(`${rest}organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=100`, { method: "GET", accessToken: ctx.credentials.accessToken, signal, rest: true }),
  );
  const urns = [...new Set(acls.body.elements.map((a) => a.organization))];
  return Promise.all(
    urns.map(async (urn) => {
      const id = urn.split(":").pop()!;
      const org = await ctx.call("organizations.get", (signal) => linkedinRequest<{ localizedName?: string }>(`${rest}organizations/${id}`, { method: "GET", accessToken: ctx.credentials.accessToken, signal, rest: true }));
      return { value: urn, label: org.body.localizedName ?? urn };
    }),
  );
}
