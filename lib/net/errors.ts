// The three ways a delivery can fail before a receiver has answered. Messages name
// the host at most: webhook paths and query strings often are the secret (Zapier's
// catch hooks), and headers carry signatures, so neither ever goes into an error.

export type RefusalReason =
  | "scheme"
  | "credentials_in_url"
  | "loopback"
  | "private"
  | "link_local"
  | "unique_local"
  | "multicast"
  | "unspecified"
  | "reserved"
  | "unresolvable"
  | "redirect";

/** We would not send it, and sending it again will not change that. */
export class OutboundRefused extends Error {
  readonly reason: RefusalReason;
  readonly permanent = true;
  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.name = "OutboundRefused";
    this.reason = reason;
  }
}

/** No complete answer within timeoutMs, connecting included. */
export class OutboundTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundTimeout";
  }
}

/** Refused connection, reset, DNS failure, TLS failure: worth another attempt later. */
export class OutboundNetworkError extends Error {
  readonly code: string | undefined;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "OutboundNetworkError";
    this.code = options.code;
  }
}
