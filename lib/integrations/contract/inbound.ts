// The inbound capability: how a provider's callbacks are proven real and what they
// mean. The generic pipeline (lib/webhooks/inbound) stores each verified callback
// once and hands it to `process` in a worker job; everything provider-specific is here.

/** A provider callback as it arrived: the raw body (signatures cover exact bytes) and its headers. */
export interface InboundRequest {
  rawBody: string;
  headers: Headers;
  /** The URL it was sent to, for providers that sign nothing and are trusted by a secret in the URL. */
  url?: string;
}

/** A verified callback, keyed by the provider's own event id so a duplicate is stored once. */
export interface VerifiedCallback {
  externalId: string;
  type: string;
  payload: unknown;
}

/** The outcome of acting on one stored callback, kept on its row. */
export interface Processed {
  status: "processed" | "ignored";
  outcome: string;
}

export const processed = (outcome: string): Processed => ({ status: "processed", outcome });
export const ignored = (outcome: string): Processed => ({ status: "ignored", outcome });

/** What the route answers instead of its default JSON, for providers that read the answer (a challenge, a command's reply). */
export interface InboundAnswer {
  status: number;
  body: string;
  contentType: string;
}

export interface InboundCapability<Ctx> {
  /**
   * For providers that call one URL for every account (an app's Request URL): the
   * provider account the callback says it is for, read from the unverified request.
   * The pipeline looks up the connection linked to that account and verifies the
   * callback with that connection's secret. Unused when the URL names the connection.
   */
  connectionFor?(req: InboundRequest): string | undefined;
  /**
   * For providers that prove a URL before sending anything to it (a challenge to echo):
   * answers such a request, verified by the connector itself, without a connection
   * and without storing anything. Returns undefined for every other request; throws
   * when the request is a handshake that fails verification.
   */
  handshake?(req: InboundRequest): Promise<InboundAnswer | undefined>;
  /**
   * For providers that read the answer: called once the callback is verified and
   * stored (or found stored already), within the provider's own deadline. What it
   * returns is the route's answer; undefined keeps the default acknowledgement.
   */
  respond?(callback: VerifiedCallback, ctx: Ctx, receipt: { stored: boolean }): Promise<InboundAnswer | undefined>;
  /** Throws when the signature is missing, wrong or stale; nothing unverified is stored. */
  verify(req: InboundRequest, ctx: Ctx): Promise<VerifiedCallback>;
  /** What one verified, stored callback means; it reads the truth from the provider where order matters. */
  process(payload: unknown, ctx: Ctx): Promise<Processed>;
  /** The request headers kept with a stored callback beside the generic ones (its signature headers, for support). */
  keptHeaders: readonly string[];
}
