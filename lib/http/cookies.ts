// Reading one cookie from a plain Request (route handlers and tests alike).
export function requestCookies(req: Request): (name: string) => string | undefined {
  const header = req.headers.get("cookie") ?? "";
  return (name) => {
    for (const part of header.split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === name) {
        try {
          return decodeURIComponent(part.slice(eq + 1).trim());
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  };
}
