// Route templates in the providers' own notation ("calendars/{calendarId}/events"), so a
// route reads like the API reference; ids arrive percent-encoded (calendar ids are e-mails).
export type PathMatcher = (path: string) => Record<string, string> | null;

export function compileTemplate(template: string): PathMatcher {
  const names: string[] = [];
  const source = template
    .split("/")
    .map((seg) => {
      const m = seg.match(/^\{([^}]+)\}$/);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]!);
      return "([^/]+)";
    })
    .join("/");
  const re = new RegExp(`^${source}/?$`);
  return (path) => {
    const m = path.match(re);
    if (!m) return null;
    const params: Record<string, string> = {};
    names.forEach((n, i) => (params[n] = safeDecode(m[i + 1] ?? "")));
    return params;
  };
}

/** A malformed escape is a value the provider answers (usually 404), not a crash. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
