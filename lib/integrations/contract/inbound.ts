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

export interface InboundCapability<Ctx> {
  /** Throws when the signature is missing, wrong or stale; nothing unverified is stored. */
  verify(req: InboundRequest, ctx: Ctx): Promise<VerifiedCallback>;
  /** What one verified, stored callback means; it reads the truth from the provider where order matters. */
  process(payload: unknown, ctx: Ctx): Promise<Processed>;
  /** The request headers kept with a stored callback beside the generic ones (its signature headers, for support). */
  keptHeaders: readonly string[];
}
