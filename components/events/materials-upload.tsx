"use client";
// Uploading an event's materials: several files at once, each with its own
// progress and, when refused (type, size, content), its own reason.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { postJson, UploadError, uploadForEvent } from "@/components/files/upload";

interface Item {
  key: string;
  name: string;
  progress: number;
  done: boolean;
  error?: string;
}

export function MaterialsUpload({ eventId, accept, limitsText }: { eventId: string; accept: string; limitsText: string }) {
  const router = useRouter();
  const id = useId();
  const [items, setItems] = useState<Item[]>([]);
  const busy = items.some((i) => !i.done);

  function update(key: string, change: Partial<Item>) {
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));
  }

  async function one(key: string, file: File) {
    try {
      const fileId = await uploadForEvent(eventId, "material", file, (p) => update(key, { progress: p }));
      await postJson(`/api/events/${eventId}/materials`, { fileId });
      update(key, { done: true, progress: 1 });
    } catch (err) {
      update(key, { done: true, error: err instanceof UploadError ? (err.fields?.materials?.join(" ") ?? err.message) : "The upload failed; try again." });
    }
  }

  async function choose(files: File[]) {
    const batch = files.map((f, n) => ({ key: `${Date.now()}-${n}`, name: f.name, progress: 0, done: false }));
    setItems(batch);
    // One after another: a large batch does not saturate the connection, and each bar moves visibly.
    for (const [n, f] of files.entries()) await one(batch[n]!.key, f);
    router.refresh();
  }

  return (
    <div className="mt-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">Add materials</label>
      <input
        id={id}
        type="file"
        multiple
        accept={accept}
        disabled={busy}
        aria-describedby={`${id}-hint`}
        className="mt-1 text-sm"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = "";
          if (files.length) void choose(files);
        }}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{limitsText}</p>
      {items.length ? (
        <ul className="mt-2 space-y-1 text-sm" aria-live="polite">
          {items.map((i) => (
            <li key={i.key} className="flex flex-wrap items-center gap-2">
              <span className="min-w-40">{i.name}</span>
              {i.error ? (
                <span role="alert" className="text-red-600">{i.error}</span>
              ) : i.done ? (
                <span className="text-emerald-700">Added</span>
              ) : (
                <progress value={Math.round(i.progress * 100)} max={100} aria-label={`Uploading ${i.name}`} className="w-48" />
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
