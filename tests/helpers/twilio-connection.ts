// What the Twilio integration tests start from: the real webhook route served on
// a local port (APP_URL points at it, so the callback URL we give Twilio and the
// one its signatures cover are the same), and a Twilio connection in sandbox mode
// for one of the sandbox's fake accounts, with that account's own numbers and
// Messaging Services read back.
import { afterAll, beforeAll } from "vitest";
import { connectWithApiKey } from "@/lib/integrations/connections/service";
import { findConnection } from "@/lib/integrations/connections/repository";
import { appKeyring } from "@/lib/vault/app-keyring";
import { startAppServer } from "./app-server";
import type { IntegrationHarness } from "./integration-harness";

export interface TwilioConnection {
  /** Set in beforeAll. */
  connectionId: string;
  /** The account's phone numbers (E.164) and Messaging Service SIDs, as the sandbox seeds them. */
  numbers: string[];
  services: string[];
  /** Where Twilio calls us back for this connection, as it signs it. */
  callbackUrl(): string;
}

export function useTwilioConnection({ t, sandbox, owner }: IntegrationHarness, account: { sid: string; authToken: string }): TwilioConnection {
  let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
  const fixture: TwilioConnection = {
    connectionId: "",
    numbers: [],
    services: [],
    callbackUrl: () => `${app!.url}/api/webhooks/twilio?connection=${fixture.connectionId}`,
  };
  beforeAll(async () => {
    process.env.DATABASE_URL = t.url;
    const { POST } = await import("@/app/api/webhooks/[provider]/route");
    app = await startAppServer([{ pattern: /^\/api\/webhooks\/(?<provider>[a-z-]+)$/, handler: POST as never }]);
    process.env.APP_URL = app.url;
    await connectWithApiKey(t.db, appKeyring(), { orgId: t.orgId, userId: owner.userId, connectorId: "twilio", mode: "sandbox", fields: { accountSid: account.sid, authToken: account.authToken } });
    fixture.connectionId = (await findConnection(t.db, t.orgId, "twilio"))!.id;
    const accounts = (await sandbox.control("twilio/accounts", undefined, "GET")) as Array<{ sid: string; numbers: Array<{ phoneNumber: string }>; services: Array<{ sid: string }> }>;
    const seeded = accounts.find((a) => a.sid === account.sid)!;
    fixture.numbers = seeded.numbers.map((n) => n.phoneNumber);
    fixture.services = seeded.services.map((s) => s.sid);
  });
  afterAll(async () => {
    await app?.stop();
    // The route's own pool (lib/db/client), opened by the requests it served.
    const { db } = await import("@/lib/db/client");
    await db().destroy();
  });
  return fixture;
}
