// An event's materials as files in its folder: added when an organizer adds
// one (the bytes from wherever Switchboard keeps them), deleted when removed.
// Each material is one drive item, named after its file (with a suffix when the
// event already has a material of that name); our record of it makes a repeated
// delivery a no-op.
import type { EventSnapshot, MaterialSnapshot } from "@/lib/domain/outbox/catalog";
import { NotFoundError } from "@/lib/domain/errors";
import { sql } from "kysely";
import { ProviderCallError } from "../contract";
import { graph } from "./client";
import { ensureEventFolder, forgetEventFolder } from "./folders";
import type { OneDriveContext } from "./manifest";
import { materialFileName } from "./names";
import { find, KIND, save, type MaterialRecord } from "./records";
import { uploadFile } from "./upload";

type Ctx = OneDriveContext;

/** Whether another material of the event already uses the name in its folder. */
async function nameTaken(ctx: Ctx, eventId: string, materialId: string, name: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom("external_objects")
    .select("local_id")
    .where("connection_id", "=", ctx.connection.id)
    .where("kind", "=", KIND.material)
    .where("local_id", "<>", materialId)
    .where(sql`data->>'eventId'`, "=", eventId)
    .where(sql`lower(data->>'name')`, "=", name.toLowerCase())
    .where(sql`coalesce(data->>'removed', 'false')`, "=", "false")
    .executeTakeFirst();
  return Boolean(row);
}

export async function addMaterial(ctx: Ctx, event: EventSnapshot, material: MaterialSnapshot, again = false): Promise<void> {
  const known = await find<MaterialRecord>(ctx, KIND.material, material.id);
  if (known?.externalId) return;
  const folderId = await ensureEventFolder(ctx, event);
  if (!folderId) return;
  let file;
  try {
    file = await ctx.files.read(material.id);
  } catch (err) {
    // Removed again before this delivery ran: material_removed follows, and there is nothing to copy.
    if (err instanceof NotFoundError) return;
    throw err;
  }
  const name = materialFileName(material, await nameTaken(ctx, event.id, material.id, materialFileName(material, false)));
  let uploaded;
  try {
    uploaded = await uploadFile(ctx, folderId, name, file.bytes, file.contentType);
  } catch (err) {
    // The event's folder was deleted in OneDrive since we made it: made again, once.
    if (again || !(err instanceof ProviderCallError && err.failure.status === 404)) throw err;
    await forgetEventFolder(ctx, event.id);
    return addMaterial(ctx, event, material, true);
  }
  await save<MaterialRecord>(ctx, KIND.material, material.id, uploaded.item.id, { eventId: event.id, folderId, name: uploaded.item.name, size: file.size, via: uploaded.via });
}

export async function removeMaterial(ctx: Ctx, material: MaterialSnapshot): Promise<void> {
  const known = await find<MaterialRecord>(ctx, KIND.material, material.id);
  if (!known?.externalId || known.data.removed) return;
  try {
    await ctx.call("items.delete", (signal) => graph(ctx).api(`me/drive/items/${encodeURIComponent(known.externalId)}`).option("signal", signal).delete() as Promise<void>);
  } catch (err) {
    if (!(err instanceof ProviderCallError && err.failure.status === 404)) throw err;
  }
  await save<MaterialRecord>(ctx, KIND.material, material.id, known.externalId, { ...known.data, removed: true });
}
