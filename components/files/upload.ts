// The browser side of an upload: ask our route where to send the file (refused
// there, on its field, when the type or size is not accepted), send the bytes
// straight to that target with XMLHttpRequest so the progress is known, then
// let the caller finish it.
import type { UploadTarget } from "@/lib/integrations/contract/storage";

export class UploadError extends Error {
  constructor(message: string, readonly fields?: Record<string, string[]>) {
    super(message);
  }
}

interface ApiError {
  message?: string;
  fields?: Record<string, string[]>;
}

/** POSTs JSON to one of our routes; a refusal becomes an UploadError carrying its field messages. */
export async function postJson<T>(url: string, body: unknown, method: "POST" | "DELETE" = "POST"): Promise<T> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as T & ApiError;
  if (!res.ok) throw new UploadError(data.message ?? `The server answered ${res.status}; try again.`, data.fields);
  return data;
}

function send(target: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    let body: Blob | FormData = file;
    if (target.method === "POST" && target.fileField) {
      const form = new FormData();
      for (const [k, v] of Object.entries(target.fields ?? {})) form.append(k, v);
      form.append(target.fileField, file);
      body = form;
    } else {
      for (const [k, v] of Object.entries(target.headers)) xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `The storage refused the file (HTTP ${xhr.status}).`;
      try {
        message = (JSON.parse(xhr.responseText) as ApiError & { error?: string }).error ?? message;
      } catch {
        // A bucket answers in XML; the status says enough.
      }
      reject(new UploadError(message));
    };
    xhr.onerror = () => reject(new UploadError("The upload was interrupted (network, or the storage refused this site: check its CORS settings). Try again."));
    xhr.send(body);
  });
}

/** Sends one file for an event and returns the file id to finish it with. */
export async function uploadForEvent(eventId: string, purpose: "cover" | "material", file: File, onProgress: (fraction: number) => void): Promise<string> {
  const { fileId, target } = await postJson<{ fileId: string; target: UploadTarget }>(`/api/events/${eventId}/uploads`, {
    purpose,
    filename: file.name,
    contentType: file.type,
    size: file.size,
  });
  await send(target, file, onProgress);
  onProgress(1);
  return fileId;
}
