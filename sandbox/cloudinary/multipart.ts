// The Cloudinary SDK's multipart bodies, read as Cloudinary reads them. The SDK
// makes its boundary from random base64 with everything but [a-z0-9] removed, so
// now and then it is one or two characters long ("4", "l"); undici's
// Request.formData() refuses such bodies (about 1 in 7,000 here), while
// Cloudinary accepts them. This reader is used when undici refuses: parts split
// on CRLF "--" boundary, as RFC 2046 defines them.
export interface Part {
  name: string;
  filename: string | null;
  data: Buffer;
}

export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary="?([^";]+)"?/i.exec(contentType);
  return m ? m[1]! : null;
}

export function splitMultipart(raw: Buffer, boundary: string): Part[] {
  const first = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  if (raw.indexOf(first) !== 0) throw new Error("the body does not start with its boundary");
  const parts: Part[] = [];
  let pos = first.length;
  for (;;) {
    if (raw.subarray(pos, pos + 2).toString("latin1") === "--") return parts;
    if (raw.subarray(pos, pos + 2).toString("latin1") !== "\r\n") throw new Error("a boundary is not followed by CRLF");
    const headerEnd = raw.indexOf("\r\n\r\n", pos + 2);
    if (headerEnd < 0) throw new Error("a part has no end of headers");
    const headers = raw.subarray(pos + 2, headerEnd).toString("utf8");
    const end = raw.indexOf(between, headerEnd + 4);
    if (end < 0) throw new Error("a part has no closing boundary");
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error("a part has no name");
    parts.push({ name, filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null, data: Buffer.from(raw.subarray(headerEnd + 4, end)) });
    pos = end + between.length;
  }
}
