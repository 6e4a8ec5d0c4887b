// The folders: one top folder (named in settings) at the root of the account's
// OneDrive, and in it one per event that has materials. A folder is looked up by
// its name before it is created, and created with conflictBehavior "fail", so a
// retry, or two deliveries at once, end with the one folder. A new event folder
// gets a view link for the people it is shared with, and is shared at once with
// everyone who holds a paid ticket then (later buyers are invited as they pay).
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { ProviderCallError } from "../contract";
import { inviteEmails, paidEmails } from "./access";
import { graph } from "./client";
import type { DriveItem, Permission } from "./graph-types";
import type { OneDriveContext } from "./manifest";
import { eventFolderName } from "./names";
import { find, KIND, save, type FolderRecord, type RootRecord } from "./records";

type Ctx = OneDriveContext;

const isStatus = (err: unknown, status: number) => err instanceof ProviderCallError && err.failure.status === status;
const seg = encodeURIComponent;

/** The child of `parent` ("root" or an item id) named `name`, or undefined. */
async function childNamed(ctx: Ctx, parent: string, name: string): Promise<DriveItem | undefined> {
  const path = parent === "root" ? `me/drive/root:/${seg(name)}` : `me/drive/items/${seg(parent)}:/${seg(name)}`;
  try {
    return await ctx.call("items.getByPath", (signal) => graph(ctx).api(path).option("signal", signal).get() as Promise<DriveItem>);
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}

/** Finds the folder, or makes it; a 409 means another attempt made it meanwhile. */
async function folderIn(ctx: Ctx, parent: string, name: string): Promise<DriveItem> {
  const found = await childNamed(ctx, parent, name);
  if (found) return found;
  const children = parent === "root" ? "me/drive/root/children" : `me/drive/items/${seg(parent)}/children`;
  try {
    return await ctx.call("folders.create", (signal) =>
      graph(ctx).api(children).option("signal", signal).post({ name, folder: {}, "@microsoft.graph.conflictBehavior": "fail" }) as Promise<DriveItem>,
    );
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
    const made = await childNamed(ctx, parent, name);
    if (!made) throw err;
    return made;
  }
}

async function ensureRoot(ctx: Ctx, opts: { fresh?: boolean } = {}): Promise<string> {
  const name = ctx.settings.folderName;
  // One top folder per connection: keyed by the connection's own id.
  const known = await find<RootRecord>(ctx, KIND.root, ctx.connection.id);
  if (known?.externalId && known.data.name === name && !opts.fresh) return known.externalId;
  const folder = await folderIn(ctx, "root", name);
  await save<RootRecord>(ctx, KIND.root, ctx.connection.id, folder.id, { name });
  return folder.id;
}

export async function findFolder(ctx: Ctx, eventId: string): Promise<{ externalId: string; data: FolderRecord } | undefined> {
  const known = await find<FolderRecord>(ctx, KIND.folder, eventId);
  return known?.externalId && !known.data.deleted ? known : undefined;
}

/** A view link only people with access can open (scope "users"); Graph hands back the existing one on a repeat. */
async function shareLink(ctx: Ctx, folderId: string): Promise<string | null> {
  const link = await ctx.call("permissions.createLink", (signal) =>
    graph(ctx).api(`me/drive/items/${seg(folderId)}/createLink`).option("signal", signal).post({ type: "view", scope: "users" }) as Promise<Permission>,
  );
  return link.link?.webUrl ?? null;
}

/** The event's folder id, made (and shared with the paid attendees) on first use; null once the event is deleted. */
export async function ensureEventFolder(ctx: Ctx, event: EventSnapshot): Promise<string | null> {
  const known = await find<FolderRecord>(ctx, KIND.folder, event.id);
  if (known?.data.deleted) return null;
  if (known?.externalId) return known.externalId;
  const name = eventFolderName(event);
  let folder: DriveItem;
  try {
    folder = await folderIn(ctx, await ensureRoot(ctx), name);
  } catch (err) {
    // The top folder was deleted in OneDrive since we made it: made again, once.
    if (!isStatus(err, 404)) throw err;
    folder = await folderIn(ctx, await ensureRoot(ctx, { fresh: true }), name);
  }
  const shareUrl = await shareLink(ctx, folder.id);
  // Recorded before the paid attendees are read: a buyer whose ticket.purchased found no folder paid before this point, so is among them.
  await save<FolderRecord>(ctx, KIND.folder, event.id, folder.id, { name: folder.name, webUrl: folder.webUrl ?? "", shareUrl });
  await inviteEmails(ctx, event.id, folder.id, await paidEmails(ctx, event.id));
  return folder.id;
}

/** The folder is gone from OneDrive (deleted by hand): the next material makes it again, and shares it again. */
export async function forgetEventFolder(ctx: Ctx, eventId: string): Promise<void> {
  await save(ctx, KIND.folder, eventId, "", {});
}

/** Deletes the event's folder with everything in it (OneDrive keeps it in its recycle bin for a while). */
export async function deleteEventFolder(ctx: Ctx, eventId: string): Promise<void> {
  const known = await find<FolderRecord>(ctx, KIND.folder, eventId);
  if (!known?.externalId || known.data.deleted) return;
  try {
    await ctx.call("items.delete", (signal) => graph(ctx).api(`me/drive/items/${seg(known.externalId)}`).option("signal", signal).delete() as Promise<void>);
  } catch (err) {
    // Already gone (deleted by hand, or by an earlier attempt): the goal is reached.
    if (!isStatus(err, 404)) throw err;
  }
  await save<FolderRecord>(ctx, KIND.folder, eventId, known.externalId, { ...known.data, deleted: true });
}
