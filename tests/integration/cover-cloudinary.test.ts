// A cover uploaded in the browser while Cloudinary is connected: Cloudinary takes
// no direct uploads (its signature cannot limit size or type), so the bytes come
// to Switchboard, are checked, and the queue moves them to Cloudinary; the page
// then gets Cloudinary's responsive sizes and the public address redirects there.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { headLocal } from "@/lib/files/local-disk";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { imageVariants } from "@/lib/integrations/storage/links";
import { publicCover } from "@/lib/integrations/storage/serve";
import { finishUpload, startUpload } from "@/lib/integrations/storage/upload";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const DEMO = { cloudName: "switchboard-demo", apiKey: "100000000000001", apiSecret: "cloudinary-sandbox-secret-fake" };
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
let files: typeof import("@/app/api/files/[id]/route");

beforeAll(async () => {
  process.env.SWITCHBOARD_DATA_DIR = await mkdtemp(path.join(os.tmpdir(), "sb-cover-cloudinary-"));
  process.env.DATABASE_URL = t.url;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "cloudinary", mode: "sandbox", fields: DEMO });
  files = await import("@/app/api/files/[id]/route");
});

describe("a cover with Cloudinary connected", () => {
  it("is uploaded through Switchboard, checked, moved to Cloudinary by the queue, and shown in Cloudinary's sizes", async () => {
    const connectionId = (await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).where("connector_id", "=", "cloudinary").executeTakeFirstOrThrow()).id;
    const { event } = await makePublishedEvent(t.db, t.orgId);
    const { file, target } = await startUpload(t.db, appKeyring(), { orgId: t.orgId, eventId: event.id, purpose: "cover", filename: "cover.png", contentType: "image/png", size: PNG.byteLength, field: "cover", limits: PURPOSE_LIMITS.cover });
    expect(target.url).toContain(`/api/files/${file.id}?use=upload`);
    const put = await files.PUT(new Request(target.url, { method: "PUT", body: PNG, headers: target.headers }), { params: Promise.resolve({ id: file.id }) });
    expect(put.status).toBe(200);
    const finished = await finishUpload(t.db, appKeyring(), t.orgId, file.id, "cover");
    expect(finished).toMatchObject({ status: "stored", connection_id: null, move_to_connection_id: connectionId });

    // The local copy is deleted only after the row pointing at Cloudinary has committed
    // (the bytes are always somewhere), so the move is done when both are true.
    const moved = await waitFor(async () => {
      const r = await t.db.selectFrom("files").selectAll().where("id", "=", file.id).executeTakeFirst();
      return r?.connection_id === connectionId && (await headLocal(r.object_key)) === null ? r : undefined;
    }, { what: "the cover moved to Cloudinary and its local copy deleted", timeoutMs: 30_000 });
    const assets = ((await sandbox.inbox()).cloudinary as { assets: Array<{ publicId: string }> }).assets;
    expect(assets.map((a) => a.publicId)).toContain(moved.object_key);

    const sizes = await imageVariants(t.db, appKeyring(), moved, [320, 960]);
    expect(sizes.map((s) => s.width)).toEqual([320, 960]);
    expect(sizes[0]!.url).toMatch(/w_320/);
    await t.db.updateTable("events").set({ cover_file_id: moved.id }).where("id", "=", event.id).execute();
    const served = await publicCover(t.db, appKeyring(), moved.id);
    expect(served.kind).toBe("redirect");
    const res = await fetch((served as { url: string }).url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
