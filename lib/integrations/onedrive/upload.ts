// A file's bytes into a folder. Up to 4 MB in one PUT to …:/{name}:/content;
// larger ones through an upload session: createUploadSession, then ranged PUTs
// to its upload URL in chunks that are multiples of 320 KiB (as Graph requires),
// each chunk one call through the policy, so a failure retries a chunk rather
// than the file. A chunk whose answer was lost is not sent twice: Graph answers
// 416 for a range it already has, and the session's status says where to go on.
// Both name the file and replace one of the same name, so a retry ends with one file.
import { GraphError } from "@microsoft/microsoft-graph-client";
import { graph, graphLink, uploadClient } from "./client";
import type { DriveItem, UploadSession } from "./graph-types";
import type { OneDriveContext } from "./manifest";

type Ctx = OneDriveContext;

export const SIMPLE_UPLOAD_MAX = 4 * 1024 * 1024;
/** 10 × 320 KiB: Graph wants multiples of 320 KiB, and recommends 5–10 MiB. */
export const CHUNK_BYTES = 10 * 320 * 1024;

const seg = encodeURIComponent;

export interface Uploaded {
  item: DriveItem;
  via: "put" | "session";
  chunks: number;
}

export async function uploadFile(ctx: Ctx, folderId: string, name: string, bytes: Uint8Array, contentType: string): Promise<Uploaded> {
  // A Buffer view, not a copy: the SDK sends a Buffer as it is.
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const target = `me/drive/items/${seg(folderId)}:/${seg(name)}:`;
  if (body.length <= SIMPLE_UPLOAD_MAX) {
    const item = await ctx.call("content.put", (signal) => graph(ctx).api(`${target}/content`).header("Content-Type", contentType).option("signal", signal).put(body) as Promise<DriveItem>);
    return { item, via: "put", chunks: 1 };
  }
  const session = await ctx.call("uploads.create", (signal) =>
    graph(ctx)
      .api(`${target}/createUploadSession`)
      .option("signal", signal)
      .post({ item: { "@microsoft.graph.conflictBehavior": "replace", name, fileSize: body.length } }) as Promise<UploadSession>,
  );
  const url = graphLink(ctx.baseUrl, session.uploadUrl);
  const client = uploadClient(ctx.baseUrl);
  let next = 0;
  let chunks = 0;
  for (;;) {
    const start = next;
    const end = Math.min(start + CHUNK_BYTES, body.length) - 1;
    const answer = await ctx.call("uploads.chunk", async (signal) => {
      try {
        return (await client
          .api(url)
          .headers({ "Content-Range": `bytes ${start}-${end}/${body.length}`, "Content-Type": "application/octet-stream" })
          .option("signal", signal)
          .put(body.subarray(start, end + 1))) as DriveItem | UploadSession;
      } catch (err) {
        // Graph has this range already (an earlier try's answer was lost): ask where to go on.
        if (!(err instanceof GraphError && err.statusCode === 416)) throw err;
        return (await client.api(url).option("signal", signal).get()) as UploadSession;
      }
    });
    chunks++;
    if ("id" in answer && answer.id) return { item: answer as DriveItem, via: "session", chunks };
    const ranges = (answer as UploadSession).nextExpectedRanges ?? [];
    const from = Number(/^(\d+)-/.exec(ranges[0] ?? "")?.[1]);
    if (!Number.isInteger(from) || from <= start) throw new Error(`OneDrive's upload session expects bytes ${ranges.join(", ") || "(nothing)"} after ${end}`);
    next = from;
  }
}
