// Request bodies are read as a stream and cut off at a limit, so a chunked body
// (no Content-Length) or a lying Content-Length cannot make us buffer more than
// the limit: the read stops, the rest is never pulled, and the answer is 413.
export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${formatBytes(limitBytes)}, the most this address accepts.`);
    this.name = "PayloadTooLargeError";
  }
}

/** What each kind of route accepts. Forms and API bodies are small; provider callbacks can carry a whole object. */
export const BODY_LIMITS = {
  // Room for a registration's answers (a few long-text answers of up to 5000 characters).
  publicForm: 64 * 1024,
  api: 64 * 1024,
  // Provider callbacks use MAX_BODY_BYTES of the inbound pipeline (1 MB).
} as const;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/** The body as bytes, at most `maxBytes` of them; throws PayloadTooLargeError past that. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Tell the sender we are done instead of draining what is left.
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text (as Request.text() decodes it), at most `maxBytes` bytes. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return (await readBodyBytes(req, maxBytes)).toString("utf8");
}
