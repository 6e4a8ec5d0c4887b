// The one way a webhook leaves the building: lib/net's SSRF-guarded client.
// Kept behind this small seam so delivery code and tests name one function and
// one error classification, whatever the client's internals become.
import { OutboundRefused, OutboundTimeout, postOutbound, outboundPolicyFromEnv, endpointUrlProblem, type OutboundRequest, type OutboundResponse } from "@/lib/net/post";

export type { OutboundRequest, OutboundResponse };

export type Transport = (req: OutboundRequest) => Promise<OutboundResponse>;

/** What went wrong when no HTTP status came back. */
export interface TransportFailure {
  kind: "refused" | "timeout" | "network";
  message: string;
  /** Retrying cannot help (the SSRF guard refused the address). */
  permanent: boolean;
}

export const defaultTransport: Transport = async (req) => {
  // The policy is read per attempt, so an operator's allow-list change needs no restart of the job code.
  return postOutbound(req, outboundPolicyFromEnv());
};

export function classifyTransportError(err: unknown, timeoutMs: number): TransportFailure {
  const e = err as { name?: string; message?: string; reason?: string; permanent?: boolean } | undefined;
  if (err instanceof OutboundRefused || e?.name === "OutboundRefused") {
    return { kind: "refused", message: `Refused by the outbound guard (${e?.reason ?? "not allowed"}): ${e?.message ?? ""}`.slice(0, 500), permanent: true };
  }
  if (err instanceof OutboundTimeout || e?.name === "OutboundTimeout") {
    return { kind: "timeout", message: `Timed out after ${timeoutMs} ms`, permanent: false };
  }
  return { kind: "network", message: `Network error: ${e?.message ?? String(err)}`.slice(0, 500), permanent: e?.permanent === true };
}

/** Why this URL may not receive webhooks (https in live mode, no private addresses), or null. */
export function urlProblem(url: string): string | null {
  const problem = endpointUrlProblem(url, outboundPolicyFromEnv());
  return problem ? String(problem) : null;
}
