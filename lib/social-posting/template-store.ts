// The organization's post templates per network, kept with the other editable
// messages (message_templates, keyed "post.<kind>"); the default until edited.
import type { Db } from "@/lib/db/client";
import { parseOrThrow } from "@/lib/domain/errors";
import type { SocialPostKind } from "@/lib/integrations/contract/social-posts";
import { DEFAULT_POST_TEMPLATES, POST_KINDS, postTemplatesInput, type PostLimits } from "./templates";

const keyOf = (kind: SocialPostKind) => `post.${kind}`;

export async function loadPostTemplates(db: Db, orgId: string, connectorId: string): Promise<Record<SocialPostKind, string>> {
  const rows = await db
    .selectFrom("message_templates")
    .select(["template_key", "body"])
    .where("org_id", "=", orgId)
    .where("connector_id", "=", connectorId)
    .where("template_key", "in", POST_KINDS.map(keyOf))
    .execute();
  const saved = new Map(rows.map((r) => [r.template_key, r.body]));
  return Object.fromEntries(POST_KINDS.map((k) => [k, saved.get(keyOf(k)) ?? DEFAULT_POST_TEMPLATES[k]])) as Record<SocialPostKind, string>;
}

/** Checks and saves the three templates together; a ValidationError names each field that needs work. */
export async function savePostTemplates(db: Db, orgId: string, connectorId: string, limits: PostLimits, input: unknown): Promise<void> {
  const parsed = parseOrThrow(postTemplatesInput(limits), input);
  await db.transaction().execute(async (tx) => {
    for (const kind of POST_KINDS) {
      await tx
        .insertInto("message_templates")
        .values({ org_id: orgId, connector_id: connectorId, template_key: keyOf(kind), subject: "", body: parsed[kind] })
        .onConflict((oc) => oc.columns(["org_id", "connector_id", "template_key"]).doUpdateSet({ body: parsed[kind], updated_at: new Date() }))
        .execute();
    }
  });
}
