// The Measurement Protocol is two POSTs of one JSON body (collect, and its
// validation twin under /debug); Google publishes no Node client for it, so this
// is plain fetch. The query carries the API secret: it is never put in an error.
import { parseRetryAfter } from "../http-failure";

/** A request Google (or the way to it) answered with an error status. */
export class Ga4HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "Ga4HttpError";
  }
}

export interface MpRequest {
  baseUrl: string;
  measurementId: string;
  apiSecret: string;
  body: MpBody;
  signal: AbortSignal;
}

export interface MpBody {
  client_id: string;
  events: Array<{ name: string; params: Record<string, unknown> }>;
}

/** One message of the validation server: where in the body, what is wrong, and its code. */
export interface ValidationMessage {
  fieldPath?: string;
  description?: string;
  validationCode?: string;
}

async function post(path: "mp/collect" | "debug/mp/collect", r: MpRequest): Promise<Response> {
  const url = new URL(path, r.baseUrl.endsWith("/") ? r.baseUrl : `${r.baseUrl}/`);
  url.searchParams.set("measurement_id", r.measurementId);
  url.searchParams.set("api_secret", r.apiSecret);
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(r.body), signal: r.signal });
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 200);
    throw new Ga4HttpError(res.status, `Google Analytics answered ${res.status} to /${path}${text ? `: ${text}` : ""}`, parseRetryAfter(res.headers.get("retry-after")));
  }
  return res;
}

/** Sends events; Google answers 2xx whatever it makes of them (it never says why it drops one). */
export async function collect(r: MpRequest): Promise<void> {
  await (await post("mp/collect", r)).arrayBuffer();
}

/** Asks the validation server what it makes of the body; nothing reaches the reports. */
export async function validate(r: MpRequest): Promise<ValidationMessage[]> {
  const body = (await (await post("debug/mp/collect", r)).json().catch(() => ({}))) as { validationMessages?: ValidationMessage[] };
  return Array.isArray(body.validationMessages) ? body.validationMessages : [];
}
