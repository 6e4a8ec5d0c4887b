// Finishing an OAuth connection: check the state, exchange the code, insist on
// every scope we asked for, refuse an account another organization already
// linked, then store the tokens sealed.
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { AuthorizationRefused, ProviderCallError, type Connector, type OAuthAccount } from "../contract";
import { connectionInfo, findConnection } from "../connections/repository";
import { storeConnected } from "../connections/credentials";
import { requestCalendarChannel } from "../connections/calendar-channel";
import { accountLinkedMessage, establishKeyConnection, linkedElsewhere } from "../connections/establish";
import { createCall } from "../policy";
import { baseUrlFor } from "../sandbox-url";
import { open, type Keyring } from "@/lib/vault";
import { oauthClientFor } from "../connections/oauth-client";
import { sha256 } from "./pkce";

export type CallbackFailure = "denied" | "invalid_state" | "expired_state" | "wrong_user" | "missing_scope" | "account_linked" | "refused" | "exchange_failed";

export type CallbackResult =
  | { ok: true; account: OAuthAccount }
  | { ok: false; reason: CallbackFailure; message: string };

export interface CallbackInput {
  connector: Connector;
  orgId: string;
  userId: string;
  state: string | null;
  code: string | null;
  error: string | null;
  /** The callback's whole query: an install page's answer, or what comes with the code (a company id). */
  query?: Record<string, string>;
}

/** Completes the attempt and records its outcome on the state row, which the connector page shows. */
export async function completeAuthorization(db: Db, keyring: Keyring, input: CallbackInput): Promise<CallbackResult & { attempt?: string }> {
  const result = await complete(db, keyring, input);
  if (!input.state || (!result.ok && result.reason === "invalid_state")) return result;
  const attempt = sha256(input.state);
  await db
    .updateTable("oauth_states")
    .set({ outcome: result.ok ? "connected" : result.reason, outcome_message: result.ok ? `Connected to ${input.connector.name} as ${result.account.name}.` : result.message })
    .where("state_hash", "=", attempt)
    .execute();
  return { ...result, attempt };
}

async function complete(db: Db, keyring: Keyring, input: CallbackInput): Promise<CallbackResult> {
  const { connector } = input;
  const oauth = connector.oauth!;
  if (!input.state) return fail("invalid_state", "The sign-in answer had no state; start connecting again.");
  const stateHash = sha256(input.state);
  // Marking it used in the same statement that reads it makes a replayed state fail.
  const pending = await db
    .updateTable("oauth_states")
    .set({ used_at: new Date() })
    .where("state_hash", "=", stateHash)
    .where("connector_id", "=", connector.id)
    .where("used_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!pending) return fail("invalid_state", "This connection attempt is unknown or was already used; start connecting again.");
  if (pending.expires_at.getTime() < Date.now()) return fail("expired_state", "This connection attempt expired after 10 minutes; start connecting again.");
  if (pending.user_id !== input.userId || pending.org_id !== input.orgId) {
    return fail("wrong_user", "This connection attempt was started by someone else; start connecting again yourself.");
  }
  if (input.error) {
    const message = input.error === "access_denied"
      ? `You declined the permissions at ${connector.name}; nothing was connected.`
      : `${connector.name} answered "${input.error}"; nothing was connected.`;
    return fail("denied", message);
  }
  const installPage = oauth.answer === "install";
  if (!input.code && !installPage) return fail("exchange_failed", `${connector.name} sent no authorization code; start connecting again.`);

  const row = await findConnection(db, input.orgId, connector.id);
  if (!row) return fail("invalid_state", "The connection was removed meanwhile; start connecting again.");
  const call = createCall({ db, connection: connectionInfo(row), classify: connector.classifyError });
  let exchanged;
  try {
    exchanged = await oauth.exchange({
      code: input.code ?? "",
      query: input.query ?? {},
      redirectUri: pending.redirect_uri,
      codeVerifier: pending.code_verifier_sealed ? open(keyring, pending.code_verifier_sealed, stateHash).plaintext : undefined,
      client: oauthClientFor(connector, pending.mode),
      baseUrl: baseUrlFor(connector, pending.mode),
      call,
    });
  } catch (err) {
    if (err instanceof AuthorizationRefused) return fail("refused", err.message);
    log.warn({ connector: connector.id, err: (err as Error).message }, "oauth code exchange failed");
    const detail = err instanceof ProviderCallError ? err.failure.message : "unexpected error";
    return fail("exchange_failed", `${connector.name} did not accept the authorization (${detail}); start connecting again.`);
  }
  const { tokens, account } = exchanged;

  const missing = oauth.scopes.filter((s) => !tokens.scopes.includes(s));
  if (missing.length) {
    return fail(
      "missing_scope",
      `${connector.name} granted fewer permissions than Switchboard needs (missing: ${missing.join(", ")}). Connect again and allow all of them.`,
    );
  }

  if (await linkedElsewhere(db, { connectorId: connector.id, mode: pending.mode, accountId: account.id, orgId: input.orgId })) {
    return fail("account_linked", accountLinkedMessage(connector, account.name));
  }

  if (connector.auth === "api_key") {
    // A grant that stands for keys (Stripe Connect): checked and stored like typed keys.
    if (!exchanged.credentials) return fail("exchange_failed", `${connector.name} returned no credentials with the authorization; start connecting again.`);
    try {
      const tested = await establishKeyConnection(db, keyring, { connector, row, mode: pending.mode, credentials: exchanged.credentials, userId: input.userId, scopes: tokens.scopes });
      return { ok: true, account: tested.account };
    } catch (err) {
      log.warn({ connector: connector.id, err: (err as Error).message }, "the granted credentials could not be established");
      return fail("exchange_failed", `${connector.name} authorized Switchboard, but setting up the connection failed (${(err as Error).message}); start connecting again.`);
    }
  }

  await storeConnected(db, keyring, row.id, {
    mode: pending.mode,
    credentials: tokens,
    secret: tokens.accessToken,
    account,
    scopes: tokens.scopes,
    expiresAt: tokens.expiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    userId: input.userId,
  });
  await requestCalendarChannel(db, connector, row.id);
  return { ok: true, account };
}

function fail(reason: CallbackFailure, message: string): CallbackResult {
  return { ok: false, reason, message };
}
