// The admin's "Switchboard" folder, and in it a folder per event that has
// materials. Each is marked with an appProperty naming what it stands for, so a
// create whose answer was lost is found again instead of made twice, and
// remembered in external_objects so a retried delivery asks Drive nothing.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { ProviderCallError } from "../contract";
import { findExternal, saveExternal } from "../external-objects";
import { callOptions, driveClient } from "./client";
import type { DriveContext } from "./manifest";

type Ctx = DriveContext;
export const ROOT = "gdrive.root";
export const FOLDER = "gdrive.folder";
export const FOLDER_MIME = "application/vnd.google-apps.folder";

export interface FolderRef {
  eventId: string;
  name: string;
  webViewLink: string | null;
  deleted?: boolean;
}

export const drive = (ctx: Ctx) => driveClient(ctx.baseUrl, ctx.credentials.accessToken).files;

const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** What the app made earlier for `value`, found by its mark (drive.file lets it see only its own files). */
export async function findMarked(ctx: Ctx, key: string, value: string): Promise<{ id: string; webViewLink: string | null } | undefined> {
  const q = `appProperties has { key=${quote(key)} and value=${quote(value)} } and trashed = false`;
  const res = await ctx.call("files.list", (signal) => drive(ctx).list({ q, fields: "files(id,webViewLink)", pageSize: 10 }, callOptions(ctx.baseUrl, signal)));
  const found = res.data.files?.[0];
  return found?.id ? { id: found.id, webViewLink: found.webViewLink ?? null } : undefined;
}

async function createFolder(ctx: Ctx, name: string, parent: string | undefined, mark: Record<string, string>) {
  const res = await ctx.call("files.create", (signal) =>
    drive(ctx).create({ requestBody: { name, mimeType: FOLDER_MIME, ...(parent ? { parents: [parent] } : {}), appProperties: mark }, fields: "id,webViewLink" }, callOptions(ctx.baseUrl, signal)),
  );
  return { id: res.data.id!, webViewLink: res.data.webViewLink ?? null };
}

async function ensureRoot(ctx: Ctx): Promise<string> {
  const known = await findExternal(ctx.db, ctx.connection.id, ROOT, ctx.connection.id);
  if (known) return known.externalId;
  const mark = { switchboard: "root" };
  const folder = (await findMarked(ctx, "switchboard", "root")) ?? (await createFolder(ctx, ctx.settings.folderName, undefined, mark));
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: ROOT, localId: ctx.connection.id, externalId: folder.id });
  return folder.id;
}

/** In the top folder; one deleted by hand in Drive is forgotten and made again. */
async function createInRoot(ctx: Ctx, name: string, mark: Record<string, string>) {
  try {
    return await createFolder(ctx, name, await ensureRoot(ctx), mark);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await ctx.db.deleteFrom("external_objects").where("connection_id", "=", ctx.connection.id).where("kind", "=", ROOT).execute();
    return createFolder(ctx, name, await ensureRoot(ctx), mark);
  }
}

/** Our record of a folder that is no longer in Drive (deleted there by hand), so the next use makes it again. */
export async function forgetEventFolder(ctx: Ctx, eventId: string): Promise<void> {
  await ctx.db.deleteFrom("external_objects").where("connection_id", "=", ctx.connection.id).where("kind", "=", FOLDER).where("local_id", "=", eventId).execute();
}

export function folderName(event: EventSnapshot): string {
  return `${event.title} (${event.startsAt.slice(0, 10)})`;
}

/** The event's folder; `fresh` when this call recorded it (its readers are then still to be added). */
export async function ensureEventFolder(ctx: Ctx, event: EventSnapshot): Promise<{ id: string; fresh: boolean }> {
  const known = await findExternal(ctx.db, ctx.connection.id, FOLDER, event.id);
  if (known && !known.data.deleted) return { id: known.externalId, fresh: false };
  const mark = { switchboardEvent: event.id };
  const folder = (await findMarked(ctx, "switchboardEvent", event.id)) ?? (await createInRoot(ctx, folderName(event), mark));
  const ref: FolderRef = { eventId: event.id, name: folderName(event), webViewLink: folder.webViewLink };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: FOLDER, localId: event.id, externalId: folder.id, data: { ...ref } });
  return { id: folder.id, fresh: true };
}

/** The event's live folder, if it has one. */
export async function eventFolder(ctx: Ctx, eventId: string): Promise<string | undefined> {
  const known = await findExternal(ctx.db, ctx.connection.id, FOLDER, eventId);
  return known && !known.data.deleted ? known.externalId : undefined;
}

export const isNotFound = (err: unknown) => err instanceof ProviderCallError && err.failure.kind === "not_found";

/** Deletes the event's folder and everything in it; already gone counts as done. */
export async function deleteEventFolder(ctx: Ctx, event: EventSnapshot): Promise<void> {
  const known = await findExternal(ctx.db, ctx.connection.id, FOLDER, event.id);
  if (known?.data.deleted) return;
  // No record: a create whose answer was lost may still have made one.
  const id = known?.externalId ?? (await findMarked(ctx, "switchboardEvent", event.id))?.id;
  if (!id) return;
  try {
    await ctx.call("files.delete", (signal) => drive(ctx).delete({ fileId: id }, callOptions(ctx.baseUrl, signal)));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const ref: FolderRef = { eventId: event.id, name: (known?.data.name as string | undefined) ?? folderName(event), webViewLink: null, deleted: true };
  await saveExternal(ctx.db, { connectionId: ctx.connection.id, orgId: ctx.connection.orgId, kind: FOLDER, localId: event.id, externalId: id, data: { ...ref } });
}
