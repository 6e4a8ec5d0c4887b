"use client";
import { useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import type { FormState } from "@/lib/http/errors";
import type { MessageTemplate } from "@/lib/integrations/contract";
import { renderTemplate } from "@/lib/integrations/templates";

export function TemplateEditor({
  action,
  initial,
  title,
  idPrefix,
  placeholders,
  sampleVars,
}: {
  action: (fd: FormData) => Promise<FormState>;
  initial: MessageTemplate;
  title: string;
  /** Keeps field ids apart when the page shows several editors. */
  idPrefix: string;
  placeholders: string[];
  sampleVars: Record<string, string>;
}) {
  const { state, pending, onSubmit } = useSubmit(action);
  const [draft, setDraft] = useState(initial);
  const preview = renderTemplate(draft, sampleVars);
  const errors = state.fieldErrors ?? {};
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label={`${title} template`}>
        <FormMessage message={state.message} ok={state.ok} />
        <Field name="subject" idPrefix={idPrefix} label="Subject" errors={errors.subject}>
          {(p) => <input {...p} value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />}
        </Field>
        <Field name="body" idPrefix={idPrefix} label="Body (HTML)" errors={errors.body} hint={`Placeholders: ${placeholders.map((x) => `{{${x}}}`).join(" ")}`}>
          {(p) => <textarea {...p} rows={10} className={`${p.className} font-mono`} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />}
        </Field>
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
          {pending ? "Saving…" : "Save template"}
        </button>
      </form>
      <div aria-label={`${title} preview`} role="region">
        <p className="text-sm font-medium text-slate-700">Preview with sample data</p>
        <p className="mt-2 text-sm"><span className="text-slate-500">Subject:</span> {preview.subject}</p>
        <iframe title={`${title} e-mail preview`} sandbox="" srcDoc={preview.html} className="mt-2 h-64 w-full rounded border border-slate-200 bg-white" />
      </div>
    </div>
  );
}
