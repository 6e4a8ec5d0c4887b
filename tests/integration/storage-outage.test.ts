// When the organization's storage is down or slow, a file a person uploads is
// kept on the local disk at once and moved to the bucket once it answers again;
// links handed out meanwhile keep working, and removal reaches the bucket too.
import { performance } from "node:perf_hooks";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { PURPOSE_LIMITS } from "@/lib/files/limits";
import { linkQuery, signLink } from "@/lib/files/links";
import { headLocal } from "@/lib/files/local-disk";
import { removeFile } from "@/lib/files/removal";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { receiveFile } from "@/lib/integrations/storage/receive";
import { serveLink } from "@/lib/integrations/storage/serve";
import { STORE_WAIT_MS } from "@/lib/integrations/storage/store";
import { sweepWaitingFiles } from "@/lib/integrations/storage/tasks";
import { appKeyring } from "@/lib/vault/app-keyring";
import { makePublishedEvent } from "../helpers/fixtures";
import { useIntegrationHarness } from "../helpers/integration-harness";
import { waitFor } from "../helpers/wait";

const { t, sandbox, owner } = useIntegrationHarness();
const SEED = { bucket: "switchboard-sandbox", accessKeyId: "AKIASANDBOXEXAMPLE01", secretAccessKey: "sandbox-s3-secret-key-not-a-real-secret-0000" };
const PDF = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");
let eventId: string;
let connectionId: string;

beforeAll(async () => {
  process.env.SWITCHBOARD_DATA_DIR = await mkdtemp(path.join(os.tmpdir(), "sb-storage-outage-"));
  eventId = (await makePublishedEvent(t.db, t.orgId)).event.id;
  await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "s3", mode: "sandbox", fields: { ...SEED, region: "us-east-1", endpoint: "", pathStyle: "" } });
  connectionId = (await t.db.selectFrom("connections").select("id").where("org_id", "=", t.orgId).where("connector_id", "=", "s3").executeTakeFirstOrThrow()).id;
});

const answer = (name: string) => receiveFile(t.db, appKeyring(), { orgId: t.orgId, eventId, purpose: "answer", filename: name, bytes: PDF, limits: PURPOSE_LIMITS.answer, field: "answer" });

async function inBucket(key: string): Promise<boolean> {
  const inbox = await sandbox.inbox();
  const bucket = (inbox.s3.buckets as Array<{ name: string; objects: Array<{ key: string }> }>).find((b) => b.name === SEED.bucket);
  return Boolean(bucket?.objects.some((o) => o.key === key));
}

const row = (id: string) => t.db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();

/**
 * No file move running or due, three checks in a row. The test before can leave a second move of
 * its file in flight (the worker's retry beside the sweep's), and its PUT would take a one-time
 * fault meant for the next upload.
 */
async function movesAtRest(): Promise<void> {
  let calm = 0;
  await waitFor(
    async () => {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from graphile_worker.jobs
        where task_identifier in ('move_stored_file', 'sweep_waiting_files')
          and (locked_at is not null or (attempts < max_attempts and run_at <= now() + interval '1 second'))`.execute(t.db);
      calm = Number(rows[0]!.n) === 0 ? calm + 1 : 0;
      return calm >= 3;
    },
    { what: "no file move running or due", timeoutMs: 30_000 },
  );
}

describe("storage outage and catch-up", () => {
  it("puts a file straight into the bucket while S3 answers", async () => {
    const f = await answer("cv.pdf");
    expect(f.connection_id).toBe(connectionId);
    expect(await inBucket(f.object_key)).toBe(true);
    expect(await headLocal(f.object_key)).toBeNull();
  });

  it("keeps a file locally while S3 fails, moves it once S3 is back, and the early link keeps working", async () => {
    await sandbox.control("faults", { provider: "s3", kind: "status", status: 503, times: 0 });
    const f = await answer("portfolio.pdf");
    expect(f.connection_id).toBeNull();
    expect(f.move_to_connection_id).toBe(connectionId);
    expect(await headLocal(f.object_key)).toEqual({ size: PDF.byteLength });
    expect(await inBucket(f.object_key)).toBe(false);
    const link = signLink(appKeyring(), f.id, "download", 600);
    const early = await serveLink(t.db, appKeyring(), link);
    expect(early.kind === "bytes" && Buffer.from(early.bytes).equals(PDF)).toBe(true);

    // The worker's first move fails too; the file stays local and waiting.
    await waitFor(async () => (await t.db.selectFrom("integration_calls").select("id").where("connection_id", "=", connectionId).where("outcome", "<>", "success").execute()).length >= 2 || undefined, { what: "a failed move" });
    expect((await row(f.id))?.connection_id).toBeNull();

    await sandbox.control("faults", undefined, "DELETE");
    expect(await sweepWaitingFiles(t.db)).toBeGreaterThanOrEqual(1);
    // The local copy is deleted only after the row pointing at S3 has committed, so the move is done when both are true.
    const moved = await waitFor(async () => {
      const r = await row(f.id);
      return r?.connection_id === connectionId && (await headLocal(r.object_key)) === null ? r : undefined;
    }, { what: "the file moved to S3 and its local copy deleted", timeoutMs: 60_000 });
    expect(moved.move_to_connection_id).toBeNull();
    expect(await inBucket(f.object_key)).toBe(true);

    const late = await serveLink(t.db, appKeyring(), link);
    expect(late.kind).toBe("redirect");
    const res = await fetch((late as { url: string }).url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    expect(`${link.fileId}?${linkQuery(link)}`).toContain("use=download");
  });

  it("does not keep a person waiting on slow storage longer than its wait", async () => {
    await movesAtRest();
    await sandbox.control("faults", { provider: "s3", kind: "latency", latencyMs: 15_000, times: 1 });
    const started = performance.now();
    const f = await answer("slow.pdf");
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(STORE_WAIT_MS - 250);
    expect(took).toBeLessThan(STORE_WAIT_MS + 4_000);
    expect(f.connection_id).toBeNull();
    expect(f.move_to_connection_id).toBe(connectionId);
    await sandbox.control("faults", undefined, "DELETE");
    await waitFor(async () => ((await row(f.id))?.connection_id === connectionId ? true : undefined), { what: "the slow file moved", timeoutMs: 60_000 });
  });

  it("removes a file from the bucket through the queue", async () => {
    const f = await answer("gone.pdf");
    expect(await inBucket(f.object_key)).toBe(true);
    expect(await removeFile(t.db, t.orgId, f.id)).toBe(true);
    await waitFor(async () => ((await row(f.id)) ? undefined : true), { what: "the file removed" });
    expect(await inBucket(f.object_key)).toBe(false);
  });
});
