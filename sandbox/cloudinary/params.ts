// An Upload API request's parameters as Cloudinary reads them: multipart form
// data (what the SDKs send, the file as a part), a form-encoded body, or JSON; the
// file may also be a data URI. Multipart is parsed by the platform's own
// Request.formData() (undici), not by hand.
import type { Ctx } from "../core/context";
import { header } from "../core/context";
import { boundaryOf, splitMultipart, type Part } from "./multipart";

export interface UploadFile {
  bytes: Buffer;
  filename: string;
}

export interface UploadParams {
  /** Every parameter but the file, as strings (repeated names keep the last). */
  fields: Record<string, string>;
  /** Bytes sent as a part, or a string (a data URI or a remote URL); null when none came. */
  file: UploadFile | string | null;
}

function flat(v: unknown): string {
  if (Array.isArray(v)) return flat(v.at(-1));
  return typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v as number);
}

/** A refusal in words when the body cannot be read. */
export async function readUploadParams(ctx: Ctx): Promise<UploadParams | string> {
  const fields: Record<string, string> = {};
  let file: UploadParams["file"] = null;
  const contentType = header(ctx, "content-type") ?? "";
  if (/^multipart\/form-data/i.test(contentType)) {
    let form: FormData | null = null;
    try {
      form = await new Request("http://sandbox.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(ctx.raw) }).formData();
    } catch (err) {
      // A one- or two-character boundary the SDK made, which undici refuses and Cloudinary takes (./multipart.ts).
      const boundary = boundaryOf(contentType);
      let parts: Part[];
      try {
        if (!boundary) throw err;
        parts = splitMultipart(Buffer.from(ctx.raw), boundary);
      } catch (e) {
        return `Unreadable multipart body: ${(e as Error).message}`;
      }
      for (const p of parts) {
        if (p.name === "file") file = p.filename === null ? p.data.toString("utf8") : { bytes: p.data, filename: p.filename };
        else fields[p.name] = p.filename ?? p.data.toString("utf8");
      }
    }
    for (const [k, v] of form ?? []) {
      if (k === "file") file = typeof v === "string" ? v : { bytes: Buffer.from(await v.arrayBuffer()), filename: v.name };
      else fields[k] = typeof v === "string" ? v : v.name;
    }
  } else if (ctx.body.kind === "form" || ctx.body.kind === "json") {
    const values = ctx.body.kind === "form" ? ctx.body.value : ((ctx.body.value ?? {}) as Record<string, unknown>);
    if (typeof values !== "object" || Array.isArray(values)) return "The body must be an object of parameters";
    for (const [k, v] of Object.entries(values)) {
      if (k === "file") file = flat(v);
      else fields[k] = flat(v);
    }
  } else if (ctx.body.kind !== "none") {
    return `Unsupported content type ${contentType || "(none)"}: send multipart/form-data, application/x-www-form-urlencoded or JSON`;
  }
  for (const [k, v] of Object.entries(ctx.query)) if (!(k in fields)) fields[k] = flat(v);
  return { fields, file };
}

/** The bytes of a base64 data URI; null for anything else. */
export function dataUriBytes(uri: string): Buffer | null {
  const m = uri.match(/^data:[^;,]*(;[^,]*)?;base64,(.*)$/s);
  return m ? Buffer.from(m[2]!, "base64") : null;
}
