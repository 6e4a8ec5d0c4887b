// QuickBooks Online: every paid order is booked once (a sales receipt, or an
// invoice and a payment) with the buyer as a customer and ticket types as items,
// every refund as a refund receipt; past orders are caught up by a backfill; a
// document voided in QuickBooks is flagged on its order (webhooks and a periodic
// change-feed reconcile).
import { defineConnector, type FieldChoice, type OAuthTokens } from "../contract";
import { query } from "./api";
import { bookRefund, bookSale } from "./books";
import { qboRequest, qboTokenRequest } from "./client";
import { quickbooksEndpoints } from "./endpoints";
import { classifyQuickBooksError } from "./errors";
import { quickbooksInbound } from "./inbound";
import { manifest, QUICKBOOKS_SCOPES, type QuickBooksContext } from "./manifest";
import { NOTE, withOrderNote } from "./notes";
import { reconcile } from "./reconcile";


interface TokenAnswer {
  access_token: string;
  token_type?: string;
  refresh_token?: string;
  expires_in?: number;
  /** Seconds until the refresh token itself lapses (100 days, renewed with every refresh). */
  x_refresh_token_expires_in?: number;
  scope?: string;
}

const inSeconds = (s: number | undefined) => (s ? new Date(Date.now() + s * 1000).toISOString() : undefined);

function tokensFrom(t: TokenAnswer): OAuthTokens {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: inSeconds(t.expires_in),
    refreshTokenExpiresAt: inSeconds(t.x_refresh_token_expires_in),
    // Intuit does not echo the granted scope: the grant is the one asked for.
    scopes: t.scope ? t.scope.split(/\s+/).filter(Boolean) : QUICKBOOKS_SCOPES,
    tokenType: t.token_type ?? "bearer",
  };
}

interface CompanyInfo {
  CompanyInfo: { CompanyName?: string; Country?: string };
}

const companyInfo = (baseUrl: string, realmId: string, accessToken: string, signal: AbortSignal) =>
  qboRequest<CompanyInfo>(`${quickbooksEndpoints(baseUrl).company(realmId)}companyinfo/${encodeURIComponent(realmId)}`, { method: "GET", accessToken, signal });

async function choices(ctx: QuickBooksContext, entity: string, where: string, label: (e: Record<string, unknown>) => string): Promise<FieldChoice[]> {
  const rows = await query(ctx, entity, where, `${entity.toLowerCase()}.list`);
  return rows.filter((r) => r.Active !== false).map((r) => ({ value: r.Id, label: label(r) }));
}

// One function for both item settings, so the settings page asks QuickBooks once.
const serviceItems = (ctx: QuickBooksContext) => choices(ctx, "Item", "Type = 'Service'", (i) => String(i.Name));

export const connector = defineConnector(manifest, {
  oauth: {
    authorizeUrl: (baseUrl) => quickbooksEndpoints(baseUrl).authorize,
    liveClient: (env) => (env.QUICKBOOKS_CLIENT_ID && env.QUICKBOOKS_CLIENT_SECRET ? { clientId: env.QUICKBOOKS_CLIENT_ID, clientSecret: env.QUICKBOOKS_CLIENT_SECRET } : null),
    async exchange({ code, redirectUri, client, baseUrl, call, query }) {
      // Intuit names the company the admin picked on its consent screen beside the code.
      const realmId = query.realmId;
      if (!realmId) throw new Error("Intuit sent no realmId with the code");
      const answer = await call("oauth.token", (signal) => qboTokenRequest<TokenAnswer>(quickbooksEndpoints(baseUrl).token, client, { grant_type: "authorization_code", code, redirect_uri: redirectUri }, signal));
      const info = await call("companyinfo.read", (signal) => companyInfo(baseUrl, realmId, answer.access_token, signal));
      return { tokens: tokensFrom(answer), account: { id: realmId, name: info.CompanyInfo.CompanyName ?? `Company ${realmId}` } };
    },
    async refresh({ refreshToken, client, baseUrl, call }) {
      // Each refresh answers a new refresh token with its 100 days started again: the one to keep.
      const answer = await call("oauth.refresh", (signal) => qboTokenRequest<TokenAnswer>(quickbooksEndpoints(baseUrl).token, client, { grant_type: "refresh_token", refresh_token: refreshToken }, signal));
      return tokensFrom(answer);
    },
    async revoke({ tokens, client, baseUrl, call }) {
      await call("oauth.revoke", (signal) => qboTokenRequest(quickbooksEndpoints(baseUrl).revoke, client, { token: tokens.refreshToken ?? tokens.accessToken }, signal, true));
    },
  },
  classifyError: classifyQuickBooksError,
  async testConnection(ctx) {
    const realmId = ctx.connection.externalAccountId;
    if (!realmId) throw new Error("No company linked; reconnect QuickBooks");
    const info = await ctx.call("companyinfo.read", (signal) => companyInfo(ctx.baseUrl, realmId, ctx.credentials.accessToken, signal));
    const name = info.CompanyInfo.CompanyName ?? `Company ${realmId}`;
    return { account: { id: realmId, name }, detail: `Connected to ${name} (company ${realmId}); paid orders and refunds are booked there.` };
  },
  fieldOptions: {
    incomeAccountId: (ctx) => choices(ctx, "Account", "AccountType = 'Income'", (a) => String(a.Name)),
    depositAccountId: (ctx) => choices(ctx, "Account", "AccountType in ('Bank', 'Other Current Asset')", (a) => String(a.Name)),
    taxCodeId: (ctx) => choices(ctx, "TaxCode", "", (t) => `${String(t.Name)}${t.Description ? ` (${String(t.Description)})` : ""}`),
    itemId: serviceItems,
    itemByTicketType: serviceItems,
  },
  handlers: {
    "ticket.purchased": (event, ctx) => withOrderNote(ctx, event.payload.order.id, NOTE.booking, "sale", () => bookSale(ctx, event.payload)),
    "ticket.refunded": (event, ctx) => withOrderNote(ctx, event.payload.order.id, NOTE.refund, "refund", () => bookRefund(ctx, event.payload)),
  },
  inbound: quickbooksInbound,
  periodic: { everyMinutes: 60, run: reconcile },
  backfill: {
    label: "Book past paid orders and their refunds in QuickBooks",
    async order(ctx, past) {
      await withOrderNote(ctx, past.sale.order.id, NOTE.booking, "sale", () => bookSale(ctx, past.sale));
      if (past.refunded.length) await withOrderNote(ctx, past.sale.order.id, NOTE.refund, "refund", () => bookRefund(ctx, { ...past.sale, attendees: past.refunded }));
    },
  },
});
