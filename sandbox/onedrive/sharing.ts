// Sharing an item: POST …/invite gives people (by e-mail) a role on it, POST
// …/createLink makes (or hands back the existing) sharing link of a type and
// scope, GET …/permissions lists them with the owner's, and DELETE
// …/permissions/{id} takes one away. A folder's permissions reach what is in it.
import { randomBytes } from "node:crypto";
import type { Ctx } from "../core/context";
import { sendEmpty, sendJson } from "../core/respond";
import { authorize, checkedBody, graphBase } from "./call";
import { notFound } from "./drive";
import { graphError } from "./errors";
import type { DriveItem, OneDriveState, Permission } from "./state";

interface InviteBody {
  recipients?: Array<{ email?: string; alias?: string; objectId?: string }>;
  roles?: string[];
  requireSignIn?: boolean;
  sendInvitation?: boolean;
  message?: string;
  expirationDateTime?: string;
}

interface LinkBody {
  type?: string;
  scope?: string;
  recipients?: Array<{ email?: string }>;
}

const ROLES = new Set(["read", "write"]);
const LINK_TYPES = new Set(["view", "edit", "embed"]);
const LINK_SCOPES = new Set(["anonymous", "organization", "users"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const permissionId = () => randomBytes(12).toString("base64url");

export function permissionView(state: OneDriveState, p: Permission) {
  if (p.owner) return { id: p.id, roles: ["owner"], shareId: p.id, grantedToV2: { user: { id: state.user.id, email: state.user.mail, displayName: state.user.displayName } }, grantedTo: { user: { id: state.user.id, email: state.user.mail, displayName: state.user.displayName } } };
  if (p.link) return { id: p.id, roles: p.roles, shareId: `s!${p.id}`, hasPassword: false, link: { type: p.link.type, scope: p.link.scope, webUrl: p.link.webUrl, preventsDownload: false }, grantedToIdentitiesV2: [] };
  return {
    id: p.id,
    roles: p.roles,
    shareId: `s!${p.id}`,
    grantedToV2: { user: { email: p.email, displayName: p.email } },
    grantedToIdentitiesV2: [{ user: { email: p.email, displayName: p.email } }],
    invitation: { email: p.email, signInRequired: p.signInRequired },
  };
}

function ownerPermission(item: DriveItem): Permission {
  return { id: `owner-${item.id.slice(-8)}`, roles: ["owner"], email: null, owner: true, signInRequired: true, link: null, createdAt: item.createdAt };
}

export async function invite(ctx: Ctx, item: DriveItem | undefined): Promise<void> {
  const call = authorize(ctx, "permissions.invite", "Files.ReadWrite");
  if (!call) return;
  const body = await checkedBody<InviteBody>(ctx, "permissions.invite", "action:invite@graph.driveItem");
  if (!body) return;
  if (!item) return notFound(ctx);
  if (!body.recipients?.length) return graphError(ctx, 400, "invalidRequest", "recipients is required and must not be empty.");
  if (!body.roles?.length || !body.roles.every((r) => ROLES.has(r))) return graphError(ctx, 400, "invalidRequest", "roles must be read or write.");
  if (body.requireSignIn === false && body.sendInvitation === false) return graphError(ctx, 400, "invalidRequest", "Without an invitation sent, the recipients must be required to sign in.");
  const emails: string[] = [];
  for (const r of body.recipients) {
    if (!r.email || !EMAIL.test(r.email)) return graphError(ctx, 400, "invalidRequest", `Invalid recipient: '${r.email ?? r.alias ?? r.objectId ?? ""}' is not an e-mail address.`);
    emails.push(r.email.toLowerCase());
  }
  const now = new Date(ctx.rt.clock.now()).toISOString();
  const granted = emails.map((email) => {
    // Inviting someone who already has a role on the item gives them the new roles on the same permission.
    const known = item.permissions.find((p) => p.email === email);
    if (known) {
      known.roles = [...new Set([...known.roles, ...body.roles!])];
      return known;
    }
    const p: Permission = { id: permissionId(), roles: [...body.roles!], email, owner: false, signInRequired: body.requireSignIn !== false, link: null, createdAt: now };
    item.permissions.push(p);
    return p;
  });
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#Collection(microsoft.graph.permission)`, value: granted.map((p) => permissionView(call.state, p)) });
}

export async function createLink(ctx: Ctx, item: DriveItem | undefined): Promise<void> {
  const call = authorize(ctx, "permissions.createLink", "Files.ReadWrite");
  if (!call) return;
  const body = await checkedBody<LinkBody>(ctx, "permissions.createLink", "action:createLink@graph.driveItem");
  if (!body) return;
  if (!item) return notFound(ctx);
  if (!body.type || !LINK_TYPES.has(body.type)) return graphError(ctx, 400, "invalidRequest", "type must be view, edit or embed.");
  const scope = body.scope ?? "anonymous";
  if (!LINK_SCOPES.has(scope)) return graphError(ctx, 400, "invalidRequest", "scope must be anonymous, organization or users.");
  if (body.type === "embed") return graphError(ctx, 400, "notSupported", "Embed links are only available for personal OneDrive.");
  // The same type and scope hands back the link already made (200), as Graph does.
  const existing = item.permissions.find((p) => p.link?.type === body.type && p.link?.scope === scope);
  if (existing) return sendJson(ctx, 200, permissionView(call.state, existing));
  const id = permissionId();
  const p: Permission = {
    id,
    roles: [body.type === "edit" ? "write" : "read"],
    email: null,
    owner: false,
    signInRequired: scope !== "anonymous",
    link: { type: body.type, scope, webUrl: `https://contoso-my.sharepoint.com/:${item.kind === "folder" ? "f" : "b"}:/g/personal/${call.state.user.userPrincipalName.replace(/[@.]/g, "_")}/${id}` },
    createdAt: new Date(ctx.rt.clock.now()).toISOString(),
  };
  item.permissions.push(p);
  sendJson(ctx, 201, permissionView(call.state, p));
}

export function listPermissions(ctx: Ctx, item: DriveItem | undefined): void {
  const call = authorize(ctx, "permissions.list", "Files.Read");
  if (!call) return;
  if (!item) return notFound(ctx);
  sendJson(ctx, 200, { "@odata.context": `${graphBase(ctx)}/$metadata#drives('${call.state.driveId}')/items('${item.id}')/permissions`, value: [ownerPermission(item), ...item.permissions].map((p) => permissionView(call.state, p)) });
}

export function deletePermission(ctx: Ctx, item: DriveItem | undefined, id: string): void {
  const call = authorize(ctx, "permissions.delete", "Files.ReadWrite");
  if (!call) return;
  if (!item) return notFound(ctx);
  if (id === ownerPermission(item).id) return graphError(ctx, 403, "accessDenied", "The owner's permission cannot be removed.");
  const at = item.permissions.findIndex((p) => p.id === id);
  if (at < 0) return graphError(ctx, 404, "itemNotFound", "The permission could not be found.");
  item.permissions.splice(at, 1);
  sendEmpty(ctx, 204);
}

/** Who can open an item: its own permissions and every folder's above it. */
export function sharedWith(state: OneDriveState, item: DriveItem): string[] {
  const out = new Set<string>();
  for (let at: DriveItem | undefined = item; at; at = at.parentId ? state.items.get(at.parentId) : undefined) for (const p of at.permissions) if (p.email) out.add(p.email);
  return [...out];
}
