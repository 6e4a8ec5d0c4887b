// The Content-Disposition a download link asks S3 to answer with. The file's name
// is whatever the uploader's computer called it, so it is reduced to safe ASCII
// for the plain `filename` and given in full, percent-encoded, as `filename*`
// (RFC 6266): no quote, backslash or line break can leave the header value.
export function contentDisposition(filename: string, download: boolean): string {
  const type = download ? "attachment" : "inline";
  const base = filename.split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim() || "file";
  const ascii = base.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\%;]/g, "_").trim() || "file";
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
