// Our webhook route (app/api/webhooks/[provider]) on a local port for the file's
// tests, so the sandbox calls it as it calls the running app. The app's own
// database client points at the test's database, and APP_URL at this server, so
// the callback URLs a connector registers with a provider reach it.
import { afterAll, beforeAll } from "vitest";
import { startAppServer } from "./app-server";
import type { OrgDatabase } from "./org-database";

/** Filled in by beforeAll; read `url` inside tests only. Call after useIntegrationHarness, whose worker it outlives. */
export function useWebhookRoute(t: OrgDatabase): { readonly url: string } {
  let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
  beforeAll(async () => {
    process.env.DATABASE_URL = t.url;
    const { POST } = await import("@/app/api/webhooks/[provider]/route");
    app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z0-9-]+)$/, handler: POST as never }]);
    process.env.APP_URL = app.url;
  });
  afterAll(async () => {
    await app?.stop();
    const { db } = await import("@/lib/db/client");
    await db().destroy();
  });
  return {
    get url() {
      if (!app) throw new Error("the webhook route starts in beforeAll: read its url inside a test");
      return app.url;
    },
  };
}
