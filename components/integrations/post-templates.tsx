"use client";
// The post templates of a social network connector: one per kind of news, each
// with a live preview filled from a sample event and the character count as the
// network counts it. What was typed stays when the server refuses it.
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";
import type { SocialPostKind } from "@/lib/integrations/contract/social-posts";
import { fillTemplate, fitPost, POST_KIND_LABELS, POST_KINDS, POST_PLACEHOLDERS, postLength, type PostLimits, type PostVars } from "@/lib/social-posting/templates";

export function PostTemplates({
  action,
  initial,
  limits,
  sampleVars,
}: {
  action: (fd: FormData) => Promise<FormState>;
  initial: Record<SocialPostKind, string>;
  limits: PostLimits;
  sampleVars: PostVars;
}) {
  const { network, maxLength, linkLength } = limits;
  const { state, pending, onSubmit } = useSubmit(action);
  const [draft, setDraft] = useState(initial);
  const errors = state.fieldErrors ?? {};
  const linkNote = `${linkLength === undefined ? "" : `, each link counted as ${linkLength}`}${limits.charWeights ? ", some characters (emoji among them) as more than one" : ""}`;
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate aria-label={`${network} post templates`}>
      <FormMessage message={state.message} ok={state.ok} />
      <p className="text-sm text-slate-600">
        Placeholders: {POST_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}. {network} allows {maxLength.toLocaleString("en")} characters{linkNote}; a longer post is cut before its link.
      </p>
      {POST_KINDS.map((kind) => {
        const filled = fillTemplate(draft[kind], sampleVars);
        const length = postLength(filled, limits);
        const preview = fitPost(filled, sampleVars.url, limits);
        return (
          <div key={kind} className="grid gap-4 lg:grid-cols-2">
            <Field name={kind} idPrefix="post" label={POST_KIND_LABELS[kind].label} errors={errors[kind]} hint={POST_KIND_LABELS[kind].help}>
              {(p) => <textarea {...p} rows={4} value={draft[kind]} onChange={(e) => setDraft({ ...draft, [kind]: e.target.value })} />}
            </Field>
            <div role="region" aria-label={`${POST_KIND_LABELS[kind].label}: preview`}>
              <p className="text-sm font-medium text-slate-700">Preview with a sample event</p>
              <p className="mt-1 whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-3 text-sm" data-testid={`post-preview-${kind}`}>{preview}</p>
              <p className={`mt-1 text-xs ${length > maxLength ? "text-red-700" : "text-slate-500"}`} data-testid={`post-length-${kind}`}>
                {length} / {maxLength} characters
              </p>
            </div>
          </div>
        );
      })}
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Saving…" : "Save post templates"}
      </button>
    </form>
  );
}
