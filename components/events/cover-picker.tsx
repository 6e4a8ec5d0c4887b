"use client";
// The cover image field of the event form: choose an image, watch it upload,
// see it, or remove it. Its errors stay on this field; what else was typed in
// the form is not touched. Each change bumps the event's version, handed back
// to the form so saving the other fields afterwards is not seen as a conflict.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { postJson, UploadError, uploadForEvent } from "@/components/files/upload";

export interface CoverPickerProps {
  eventId: string;
  /** A short-lived link to the current cover, or null. */
  currentUrl: string | null;
  /** What the field accepts, e.g. "image/png,image/jpeg", and its description for people. */
  accept: string;
  limitsText: string;
  version: string;
  onVersion: (version: string) => void;
}

export function CoverPicker({ eventId, currentUrl, accept, limitsText, version, onVersion }: CoverPickerProps) {
  const router = useRouter();
  const id = useId();
  const [preview, setPreview] = useState(currentUrl);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function choose(file: File) {
    setError(null);
    setStatus(null);
    setProgress(0);
    try {
      const fileId = await uploadForEvent(eventId, "cover", file, setProgress);
      const saved = await postJson<{ version: number }>(`/api/events/${eventId}/cover`, { fileId, version: Number(version) });
      onVersion(String(saved.version));
      setPreview(URL.createObjectURL(file));
      setStatus("Cover saved.");
      router.refresh();
    } catch (err) {
      setError(err instanceof UploadError ? (err.fields?.cover?.join(" ") ?? err.message) : "The upload failed; try again.");
    } finally {
      setProgress(null);
    }
  }

  async function remove() {
    setError(null);
    try {
      const saved = await postJson<{ version: number }>(`/api/events/${eventId}/cover`, { version: Number(version) }, "DELETE");
      onVersion(String(saved.version));
      setPreview(null);
      setStatus("Cover removed.");
      router.refresh();
    } catch (err) {
      setError(err instanceof UploadError ? err.message : "Removing the cover failed; try again.");
    }
  }

  return (
    <div data-testid="cover-field">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">Cover image</label>
      {preview ? (
        <div className="mt-2 aspect-[2/1] w-full max-w-md overflow-hidden rounded-md bg-slate-100">
          {/* eslint-disable-next-line @next/next/no-img-element -- a signed link or the chosen file itself, not an optimizable static asset */}
          <img src={preview} alt="The event's cover" width={600} height={300} className="h-full w-full object-cover" />
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <input
          id={id}
          type="file"
          accept={accept}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-hint`}
          disabled={progress !== null}
          className="text-sm"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (file) void choose(file);
          }}
        />
        {preview && progress === null ? (
          <button type="button" onClick={() => void remove()} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50">
            Remove cover
          </button>
        ) : null}
      </div>
      {progress !== null ? <progress className="mt-2 w-full max-w-md" value={Math.round(progress * 100)} max={100} aria-label="Cover upload progress" /> : null}
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{limitsText} Shown on the public page, in Slack messages and calendar entries.</p>
      {error ? <p role="alert" className="mt-1 text-sm text-red-600">{error}</p> : null}
      {status ? <p role="status" className="mt-1 text-sm text-emerald-700">{status}</p> : null}
    </div>
  );
}
