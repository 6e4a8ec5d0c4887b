// Where to send someone after sign-in. Only a place on our own origin: anything
// else (another host, a protocol-relative "//host", "/\host" that browsers read as
// "//host", javascript: and other schemes) falls back, so a crafted sign-in link
// cannot send a person off-site with a fresh session.
// Parsing with the WHATWG URL parser, as browsers do, decides what a browser would
// do with the value: it strips tabs and newlines and reads "\" as "/" exactly as
// they do, so nothing is judged by string prefixes.
export function safeCallbackPath(raw: unknown, origin: string, fallback: string): string {
  if (typeof raw !== "string" || raw === "") return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  const path = target.pathname + target.search + target.hash;
  // "/.//evil" normalises to the path "//evil", which is protocol-relative again.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** next-auth's redirect callback: an absolute URL on our base, never elsewhere. */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return new URL(safeCallbackPath(url, baseUrl, "/"), baseUrl).href;
}
