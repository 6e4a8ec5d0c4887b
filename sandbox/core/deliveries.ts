// How every emulated provider keeps the callbacks it sends: one record per attempt,
// in the provider's own state (the oldest dropped past a cap), posted through
// webhook-post, tried again in the background for a new event, sent again on
// demand by the control API, and listed with the provider's own filters. The
// provider brings only its body, its headers (its signature) and its record's fields.
import { first, type Ctx, type Runtime } from "./context";
import { bad, type ControlInput, type ControlResult } from "./control";
import { keepLatest } from "./keep-latest";
import { postWebhook, succeeded, withRetries } from "./webhook-post";

export interface DeliveryRecord {
  id: number;
  at: string;
  url: string;
  attempt: number;
  trigger: string;
  /** Null when no HTTP answer came (refused, reset, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** Where a provider keeps its records: in its state, so a reset empties them. */
export interface DeliveryBook<D extends DeliveryRecord> {
  deliveries: D[];
  nextDeliveryId: number;
}

export interface Sending {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The provider's own patience with a receiver. */
  timeoutMs: number;
}

type OwnFields<D extends DeliveryRecord> = Omit<D, "id" | "at" | "status" | "error" | "durationMs">;

/** One attempt, recorded before it is sent so a slow receiver shows as pending. */
export async function attemptDelivery<D extends DeliveryRecord>(rt: Runtime, book: DeliveryBook<D>, kept: number, fields: OwnFields<D>, sending: Sending): Promise<D> {
  const record = { id: book.nextDeliveryId++, at: new Date(rt.clock.now()).toISOString(), ...fields, status: null, error: null, durationMs: 0 } as D;
  book.deliveries.push(record);
  keepLatest(book.deliveries, kept);
  Object.assign(record, await postWebhook(rt, sending));
  return record;
}

/**
 * A new event's delivery to one receiver, tried again while it is still owed (`owed`
 * is false once a reset replaced the provider's state). It runs on after the request
 * that caused it is answered; `onDelivered` runs once it succeeds.
 */
export function deliverInBackground(rt: Runtime, provider: string, owed: () => boolean, attempt: (n: number) => Promise<DeliveryRecord>, onDelivered?: () => void): void {
  withRetries(rt, owed, attempt)
    .then((delivered) => {
      if (delivered) onDelivered?.();
    })
    .catch((err: unknown) => rt.log(`${provider} webhook delivery failed: ${(err as Error).stack ?? String(err)}`));
}

/** Resends are for tests: enough to show concurrency, not enough to flood a receiver by mistake. */
export const MAX_RESENDS = 100;

/** The `times` a resend asks for (default 1), or why it is refused. */
export function resendTimes(input: ControlInput): number | ControlResult {
  const times = input.times ?? 1;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > MAX_RESENDS) return bad(`times must be an integer from 1 to ${MAX_RESENDS}`);
  return times;
}

/** The signature a resend asks for (default "valid"), one of the provider's kinds, or why it is refused. */
export function resendSignature<K extends string>(input: ControlInput, kinds: readonly K[]): K | ControlResult {
  const signature = input.signature ?? "valid";
  if (!kinds.includes(signature as K)) return bad(`signature must be one of ${kinds.join(", ")}`);
  return signature as K;
}

/** Sends `times` single attempts at once to each target, as a receiver under load would see them. */
export async function resend<T, D extends DeliveryRecord>(targets: T[], times: number, send: (target: T) => Promise<D>): Promise<D[]> {
  return Promise.all(targets.flatMap((target) => Array.from({ length: times }, () => send(target))));
}

/** The control API's answer to a resend: `about` first, then what each attempt got. */
export function resendAnswer<D extends DeliveryRecord>(deliveries: D[], view: (d: D) => unknown, about: Record<string, unknown> = {}): ControlResult {
  return {
    status: 200,
    body: { ...about, statuses: deliveries.map((d) => d.status), delivered: deliveries.filter(succeeded).length, deliveries: deliveries.map(view) },
  };
}

/** GET /_sandbox/<provider>/deliveries: every attempt kept, oldest first, narrowed by the query parameters the provider names. */
export function listDeliveries<D extends DeliveryRecord>(ctx: Ctx, deliveries: D[], filters: Record<string, (d: D) => string>): ControlResult {
  const wanted = Object.entries(filters).map(([param, of]) => [first(ctx.query[param]), of] as const);
  const list = deliveries.filter((d) => wanted.every(([value, of]) => value === undefined || of(d) === value));
  return { status: 200, body: { deliveries: list } };
}
