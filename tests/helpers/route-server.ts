// The app router's route handlers under one folder of app/, served over real
// HTTP (startAppServer), found from the files as Next.js finds them: a client
// that only speaks HTTP (the Zapier app) can then run against them in a test.
import { readdirSync } from "node:fs";
import path from "node:path";
import { startAppServer } from "./app-server";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** "app/api/zapier/hooks/[id]/route.ts" → /^\/api\/zapier\/hooks\/(?<id>[^/]+)$/ */
function pattern(appDir: string, file: string): RegExp {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep);
  const source = segments.map((s) => (/^\[\w+\]$/.test(s) ? `(?<${s.slice(1, -1)}>[^/]+)` : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("\\/");
  return new RegExp(`^\\/${source}$`);
}

/** Serves every route.ts under app/<folder> (e.g. "api/zapier"); an unknown method answers 405 as Next.js does. */
export async function serveRoutes(folder: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const appDir = path.resolve("app");
  const files = routeFiles(path.join(appDir, folder));
  const routes = await Promise.all(
    files.map(async (file) => {
      const mod = (await import(file)) as Record<string, Handler | undefined>;
      const handler: Handler = (req, ctx) => mod[req.method]?.(req, ctx) ?? Promise.resolve(new Response(null, { status: 405 }));
      return { pattern: pattern(appDir, file), handler };
    }),
  );
  return startAppServer(routes);
}
