// The drive's items: GET /me and /me/drive; an item by id or by path
// (me/drive/root:/a/b, me/drive/items/{id}:/name) to GET or DELETE; a folder's
// children to list or to create a folder in; a file's bytes in one PUT (…:/content).
import { first, header, type Ctx } from "../core/context";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase } from "./call";
import { graphError } from "./errors";
import { childNamed, childrenOf, conflictBehavior, freeName, itemView, nameProblem, newItemId, removeTree, writeFile } from "./items";
import type { DriveItem } from "./state";

export const notFound = (ctx: Ctx) => graphError(ctx, 404, "itemNotFound", "The resource could not be found.");

export function getMe(ctx: Ctx): void {
  const call = authorize(ctx, "users.me", "User.Read");
  if (!call) return;
  const u = call.state.user;
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#users/$entity`, id: u.id, displayName: u.displayName, mail: u.mail, userPrincipalName: u.userPrincipalName, businessPhones: [], preferredLanguage: "en-US" });
}

export function getDrive(ctx: Ctx): void {
  const call = authorize(ctx, "drive.get", "Files.Read");
  if (!call) return;
  const { state } = call;
  const used = [...state.items.values()].filter((i) => !i.deletedAt).reduce((n, i) => n + (i.content?.length ?? 0), 0);
  const total = 1024 ** 4;
  sendJson(ctx, 200, {
    "@odata.context": `${graphBase(ctx)}/$metadata#drives/$entity`,
    id: state.driveId,
    driveType: "business",
    name: "OneDrive",
    webUrl: `https://contoso-my.sharepoint.com/personal/${state.user.userPrincipalName.replace(/[@.]/g, "_")}/Documents`,
    owner: { user: { email: state.user.mail, id: state.user.id, displayName: state.user.displayName } },
    quota: { deleted: 0, remaining: total - used, state: "normal", total, used },
  });
}

export function getItem(ctx: Ctx, item: DriveItem | undefined): void {
  const call = authorize(ctx, "items.get", "Files.Read");
  if (!call) return;
  if (!item) return notFound(ctx);
  sendJson(ctx, 200, itemView(ctx, call.state, item));
}

export function deleteItem(ctx: Ctx, item: DriveItem | undefined): void {
  const call = authorize(ctx, "items.delete", "Files.ReadWrite");
  if (!call) return;
  if (!item) return notFound(ctx);
  if (!item.parentId) return graphError(ctx, 403, "accessDenied", "The root of a drive cannot be deleted.");
  removeTree(call.state, item, new Date(ctx.rt.clock.now()).toISOString());
  sendEmpty(ctx, 204);
}

export function listChildren(ctx: Ctx, folder: DriveItem | undefined): void {
  const call = authorize(ctx, "children.list", "Files.Read");
  if (!call) return;
  if (!folder) return notFound(ctx);
  if (folder.kind !== "folder") return graphError(ctx, 400, "invalidRequest", "The item is not a folder.");
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#drives('${call.state.driveId}')/items('${folder.id}')/children`, value: childrenOf(call.state, folder.id).map((c) => itemView(ctx, call.state, c)) });
}

interface NewFolderBody {
  name?: string;
  folder?: object;
  file?: object;
  "@microsoft.graph.conflictBehavior"?: string;
}

/** POST …/children: a new folder; by default a taken name fails with 409, as OneDrive does. */
export async function createFolder(ctx: Ctx, parent: DriveItem | undefined): Promise<void> {
  const call = authorize(ctx, "folders.create", "Files.ReadWrite");
  if (!call) return;
  const body = await checkedBody<NewFolderBody>(ctx, "folders.create", "graph.driveItem");
  if (!body) return;
  if (!parent) return notFound(ctx);
  if (parent.kind !== "folder") return graphError(ctx, 400, "invalidRequest", "Items can only be created in a folder.");
  if (typeof body.name !== "string") return graphError(ctx, 400, "invalidRequest", "The name of the item is required.");
  const problem = nameProblem(body.name);
  if (problem) return graphError(ctx, 400, "invalidRequest", problem);
  if (!body.folder || body.file) return graphError(ctx, 400, "invalidRequest", "A new item made here must be a folder (a file's bytes go to …:/content).");
  const behavior = conflictBehavior(body["@microsoft.graph.conflictBehavior"], "fail");
  if (!behavior) return graphError(ctx, 400, "invalidRequest", "@microsoft.graph.conflictBehavior must be fail, replace or rename.");
  const { state } = call;
  const now = new Date(ctx.rt.clock.now()).toISOString();
  const taken = childNamed(state, parent.id, body.name);
  if (taken && behavior === "fail") return graphError(ctx, 409, "nameAlreadyExists", "The specified item name already exists.");
  if (taken && behavior === "replace") removeTree(state, taken, now);
  const folder: DriveItem = {
    id: newItemId(),
    name: taken && behavior === "rename" ? freeName(state, parent.id, body.name) : body.name,
    parentId: parent.id,
    kind: "folder",
    content: null,
    mimeType: null,
    permissions: [],
    uploadedIn: null,
    eTag: 1,
    createdAt: now,
    modifiedAt: now,
    deletedAt: null,
  };
  state.items.set(folder.id, folder);
  sendJson(ctx, 201, itemView(ctx, state, folder));
}

/** PUT …/{parent-id}:/{name}:/content: the whole file in one request; replaces a file of that name unless told otherwise. */
export function putContent(ctx: Ctx, parent: DriveItem | undefined, name: string): void {
  const call = authorize(ctx, "content.put", "Files.ReadWrite");
  if (!call) return;
  const { state } = call;
  if (!parent) return notFound(ctx);
  if (parent.kind !== "folder") return graphError(ctx, 400, "invalidRequest", "Files can only be uploaded to a folder.");
  const problem = nameProblem(name);
  if (problem) return graphError(ctx, 400, "invalidRequest", problem);
  const behavior = conflictBehavior(first(ctx.query["@microsoft.graph.conflictBehavior"]), "replace");
  if (!behavior) return graphError(ctx, 400, "invalidRequest", "@microsoft.graph.conflictBehavior must be fail, replace or rename.");
  // Graph's simple upload takes files up to 250 MB; larger ones need an upload session.
  if (ctx.raw.length > 250 * 1024 * 1024) return graphError(ctx, 413, "requestTooLarge", "The file is too large for a simple upload; use an upload session.");
  const mime = (header(ctx, "content-type") ?? "application/octet-stream").split(";")[0]!.trim();
  const written = writeFile(state, parent, name, Buffer.from(ctx.raw), mime, behavior, { via: "put" }, new Date(ctx.rt.clock.now()).toISOString());
  if (written === "conflict") return graphError(ctx, 409, "nameAlreadyExists", "The specified item name already exists.");
  if (written === "folder") return graphError(ctx, 409, "nameAlreadyExists", "A folder of that name is in the way.");
  sendJson(ctx, written.created ? 201 : 200, itemView(ctx, state, written.item));
}
