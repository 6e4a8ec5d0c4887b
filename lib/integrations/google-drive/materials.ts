// An event's materials copied into its folder. The bytes come from wherever
// Switchboard keeps them (ctx.files); Drive only holds the copy attendees read.
// Up to 5 MB a file goes up in one multipart request (googleapis' own upload);
// larger ones through a resumable session in 8 MiB chunks, so a dropped
// connection costs one chunk, not the whole file.
import { Readable } from "node:stream";
import { NotFoundError } from "@/lib/domain/errors";
import type { EventSnapshot, MaterialSnapshot } from "@/lib/domain/outbox/catalog";
import type { StoredFile } from "../contract/storage";
import { findExternal, saveExternal } from "../external-objects";
import { authorizedClient, callOptions } from "./client";
import { driveEndpoints } from "./endpoints";
import { drive, ensureEventFolder, findMarked, forgetEventFolder, isNotFound } from "./folders";
import type { DriveContext } from "./manifest";
import { forgetReaders, shareWithPaidAttendees } from "./sharing";

type Ctx = DriveContext;
export const MATERIAL = "gdrive.file";
export const MULTIPART_LIMIT = 5 * 1024 * 1024;
/** A multiple of 256 KiB, as Drive requires of every chunk but the last. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

export interface MaterialRef {
  eventId: string;
  folderId: string;
  name: string;
  size: number;
  webViewLink: string | null;
  deleted?: boolean;
}

interface Uploaded {
  id: string;
  webViewLink: string | null;
}

const FIELDS = "id,webViewLink";

async function multipart(ctx: Ctx, metadata: Record<string, unknown>, file: StoredFile): Promise<Uploaded> {
  const res = await ctx.call("files.create (multipart)", (signal) =>
    // A fresh stream per attempt: a retried call must send the bytes again.
    drive(ctx).create({ requestBody: metadata, media: { mimeType: file.contentType, body: Readable.from([Buffer.from(file.bytes)]) }, fields: FIELDS }, callOptions(ctx.baseUrl, signal)),
  );
  return { id: res.data.id!, webViewLink: res.data.webViewLink ?? null };
}

async function resumable(ctx: Ctx, metadata: Record<string, unknown>, file: StoredFile): Promise<Uploaded> {
  const auth = authorizedClient(ctx.baseUrl, ctx.credentials.accessToken);
  const total = file.bytes.length;
  const start = await ctx.call("files.create (resumable start)", (signal) =>
    auth.request({
      url: `${driveEndpoints(ctx.baseUrl).upload}?uploadType=resumable&fields=${FIELDS}`,
      method: "POST",
      headers: { "Content-Type": "application/json; charset=UTF-8", "X-Upload-Content-Type": file.contentType, "X-Upload-Content-Length": String(total) },
      data: metadata,
      signal,
    }),
  );
  const session = start.headers.get("location");
  if (!session) throw new Error("Google Drive opened no upload session (no Location header)");
  let sent = 0;
  for (;;) {
    const end = Math.min(sent + CHUNK_BYTES, total);
    const chunk = Buffer.from(file.bytes.subarray(sent, end));
    const from = sent;
    const res = await ctx.call("files.create (resumable chunk)", (signal) =>
      auth.request<{ id?: string; webViewLink?: string }>({
        url: session,
        method: "PUT",
        headers: { "Content-Range": total === 0 ? "bytes */0" : `bytes ${from}-${end - 1}/${total}` },
        data: chunk,
        signal,
        // 308 Resume Incomplete is Drive's "go on", not a redirect.
        validateStatus: (s) => (s >= 200 && s < 300) || s === 308,
        maxRedirects: 0,
      }),
    );
    if (res.status !== 308) return { id: res.data.id!, webViewLink: res.data.webViewLink ?? null };
    // Drive says how much it has; the next chunk starts there.
    const range = res.headers.get("range")?.match(/bytes=0-(\d+)/);
    sent = range ? Number(range[1]) + 1 : 0;
  }
}

/** Copies the material into the event's folder once, however often the fact is delivered. */
export async function copyMaterial(ctx: Ctx, event: EventSnapshot, material: MaterialSnapshot): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, MATERIAL, material.id);
  if (known && !known.data.deleted) return;
  let file: StoredFile;
  try {
    file = await ctx.files.read(material.id);
  } catch (err) {
    // Removed before this delivery ran: its material_removed fact follows; nothing to copy.
    if (err instanceof NotFoundError) return;
    throw err;
  }
  const into = async () => {
    const folder = await ensureEventFolder(ctx, event);
    if (folder.fresh) await shareWithPaidAttendees(ctx, event, folder.id);
    return folder;
  };
  let folder = await into();
  const upload = (folderId: string) => {
    const metadata = { name: file.filename, mimeType: file.contentType, parents: [folderId], appProperties: { switchboardMaterial: material.id } };
    return file.bytes.length <= MULTIPART_LIMIT ? multipart(ctx, metadata, file) : resumable(ctx, metadata, file);
  };
  let uploaded = await findMarked(ctx, "switchboardMaterial", material.id);
  if (!uploaded) {
    try {
      uploaded = await upload(folder.id);
    } catch (err) {
      // The folder was deleted in Drive by hand: made again (and shared again), once.
      if (!isNotFound(err) || folder.fresh) throw err;
      await forgetEventFolder(ctx, event.id);
      await forgetReaders(ctx, event.id);
      folder = await into();
      uploaded = await upload(folder.id);
    }
  }
  const ref: MaterialRef = { eventId: event.id, folderId: folder.id, name: file.filename, size: file.bytes.length, webViewLink: uploaded.webViewLink };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: MATERIAL, localId: material.id, externalId: uploaded.id, data: { ...ref } });
}

/** Deletes the copy; already gone (by hand, or with its folder) counts as done. */
export async function removeMaterial(ctx: Ctx, material: MaterialSnapshot): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, MATERIAL, material.id);
  if (known?.data.deleted) return;
  const id = known?.externalId ?? (await findMarked(ctx, "switchboardMaterial", material.id))?.id;
  if (!id) return;
  try {
    await ctx.call("files.delete", (signal) => drive(ctx).delete({ fileId: id }, callOptions(ctx.baseUrl, signal)));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const ref = (known?.data ?? {}) as Partial<MaterialRef>;
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: MATERIAL, localId: material.id, externalId: id, data: { ...ref, deleted: true } });
}
