// What a social network connector's settings page shows: its post templates with
// the network's limits, and the posts made lately, read from our own records.
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import type { Connector } from "@/lib/integrations/contract";
import { recentPosts } from "./posts";
import { loadPostTemplates, savePostTemplates } from "./template-store";
import { SAMPLE_POST_VARS, type PostLimits } from "./templates";

/** The network's rules as plain data, for the browser's preview as for the checks here. */
const postLimits = (s: PostLimits): PostLimits => ({ network: s.network, maxLength: s.maxLength, linkLength: s.linkLength, charWeights: s.charWeights });

export async function socialPostingView(db: Db, orgId: string, connector: Connector, connectionId: string | null) {
  const social = connector.socialPosts;
  if (!social) return null;
  return {
    limits: postLimits(social),
    sampleVars: SAMPLE_POST_VARS,
    templates: await loadPostTemplates(db, orgId, connector.id),
    posts: connectionId ? await recentPosts(db, connectionId) : [],
  };
}

export type SocialPostingView = NonNullable<Awaited<ReturnType<typeof socialPostingView>>>;

/** Saves the connector's post templates, checked against its network's limits. */
export async function saveConnectorPostTemplates(db: Db, orgId: string, connector: Connector, input: unknown): Promise<void> {
  const social = connector.socialPosts;
  if (!social) throw new NotFoundError("Post templates");
  await savePostTemplates(db, orgId, connector.id, postLimits(social), input);
}
