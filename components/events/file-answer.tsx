"use client";
// A "file" question on the public form. The chosen file is checked here first
// (type and size, for an instant answer), then sent to the server at once, which
// checks its content and keeps it; the question's answer is the id it returns,
// posted with the registration in a hidden field.
import { useState } from "react";
import { Field } from "@/components/ui/field";
import type { PublicQuestion } from "@/lib/domain/questions/public";

type Upload = { state: "idle" } | { state: "sending"; name: string } | { state: "stored"; fileId: string; name: string } | { state: "refused"; message: string };

function formatSize(n: number): string {
  const mb = 1024 * 1024;
  return n >= mb ? `${Math.round((n / mb) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

/** The browser's own check: it goes by the type the system reports, so the server still reads the bytes. */
function localRefusal(file: File, q: PublicQuestion): string | null {
  const limits = q.file!;
  if (file.size === 0) return "The file is empty.";
  if (file.size > limits.maxBytes) return `The file is ${formatSize(file.size)}; the largest accepted is ${formatSize(limits.maxBytes)}.`;
  if (file.type && !limits.types.includes(file.type)) return `This file type is not accepted here. Accepted: ${limits.limitsText}`;
  return null;
}

export function FileAnswer({ q, name, label, slug, ticketTypeIds, idPrefix, errors }: { q: PublicQuestion; name: string; label: string; slug: string; ticketTypeIds: readonly string[]; idPrefix: string; errors?: string[] }) {
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  // The registration's error for this question, once a new file is chosen after it, is answered; each submit brings a fresh one.
  const [answered, setAnswered] = useState<string[]>();

  async function onChange(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setAnswered(errors);
    if (!file) return setUpload({ state: "idle" });
    const refused = localRefusal(file, q);
    if (refused) {
      e.target.value = "";
      return setUpload({ state: "refused", message: refused });
    }
    setUpload({ state: "sending", name: file.name });
    const body = new FormData();
    body.set("file", file);
    const query = new URLSearchParams(ticketTypeIds.map((id) => ["ticketTypeId", id]));
    try {
      const res = await fetch(`/api/public/events/${encodeURIComponent(slug)}/questions/${q.id}/file?${query}`, { method: "POST", body });
      const answer = await res.json().catch(() => ({}));
      if (res.status === 201) return setUpload({ state: "stored", fileId: answer.fileId, name: answer.filename });
      e.target.value = "";
      setUpload({ state: "refused", message: answer.fields?.[name]?.join(" ") ?? answer.message ?? "The file could not be uploaded; try again." });
    } catch {
      setUpload({ state: "refused", message: "We could not reach the server. Check your connection and choose the file again." });
    }
  }

  const shown = upload.state === "refused" ? [upload.message] : upload.state === "sending" || errors === answered ? undefined : errors;
  return (
    <div>
      <Field name={name} idPrefix={idPrefix} label={label} errors={shown} hint={[q.help, q.file!.limitsText].filter(Boolean).join(" ")}>
        {(p) => <input {...p} name={undefined} type="file" accept={q.file!.accept} onChange={onChange} aria-busy={upload.state === "sending"} className="mt-1 block w-full text-sm" />}
      </Field>
      <input type="hidden" name={name} value={upload.state === "stored" ? upload.fileId : ""} />
      <p role="status" className="mt-1 text-xs text-slate-600">
        {upload.state === "sending" ? `Uploading ${upload.name}…` : upload.state === "stored" ? `Uploaded ${upload.name}.` : ""}
      </p>
    </div>
  );
}
