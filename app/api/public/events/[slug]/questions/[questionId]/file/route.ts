// POST (multipart, one part "file"): an attendee's file for a "file" question on
// the public form, sent as soon as it is chosen. The answer is the file's id,
// which the registration then carries as the question's answer. Nothing is read
// before the event and question are known, the body is cut off just past the
// question's size limit, and the bytes' real type is checked before any is stored.
import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import { answerUploadFor } from "@/lib/domain/questions/upload-target";
import { formatBytes } from "@/lib/files/limits";
import { PayloadTooLargeError, readBodyBytes } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/errors";
import { receiveFile } from "@/lib/integrations/storage/receive";
import { guardPublicUpload } from "@/lib/rate-limit/public-forms";
import { appKeyring } from "@/lib/vault/app-keyring";

/** Room for the multipart framing around the file (boundaries, part headers, a long file name). */
const FRAMING_BYTES = 16 * 1024;

export async function POST(req: Request, ctx: { params: Promise<{ slug: string; questionId: string }> }) {
  try {
    const { slug, questionId } = await ctx.params;
    await guardPublicUpload(db(), req);
    const target = await answerUploadFor(db(), slug, questionId, new URL(req.url).searchParams.getAll("ticketTypeId"));
    const body = await readBodyBytes(req, target.limits.maxBytes + FRAMING_BYTES).catch((err: unknown) => {
      if (err instanceof PayloadTooLargeError) return err;
      throw err;
    });
    if (body instanceof PayloadTooLargeError) {
      const message = `The file is larger than ${formatBytes(target.limits.maxBytes)}, the largest this question takes.`;
      return NextResponse.json({ error: "payload_too_large", message, fields: { [target.field]: [message] } }, { status: 413 });
    }
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData().catch(() => null);
    const file = form?.get("file");
    if (!file || typeof file === "string") throw new ValidationError({ [target.field]: ["Choose a file to upload."] }, "Send the file as multipart/form-data in a part named \"file\".");
    const stored = await receiveFile(db(), appKeyring(), {
      orgId: target.event.org_id,
      eventId: target.event.id,
      purpose: "answer",
      filename: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      limits: target.limits,
      field: target.field,
    });
    return NextResponse.json({ fileId: stored.id, filename: stored.filename }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
