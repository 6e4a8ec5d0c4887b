// One delivery attempt of one message: sign, POST through the SSRF-guarded
// client, log the attempt, then decide what comes next (done, the next attempt
// on the schedule, or failed), and keep the endpoint's health (410 Gone, the
// 5-day rule). The job that runs this always completes normally once the
// attempt is recorded; the next attempt is a new job with its own run_at.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import type { WebhookEndpointRow, WebhookMessageRow, WebhookMessageStatus } from "@/lib/db/schema";
import { takeToken } from "@/lib/net/token-bucket";
import { log } from "@/lib/log";
import { raiseAlert } from "@/lib/alerts/evaluate";
import { endpointDisabledCondition } from "@/lib/alerts/kinds";
import { countDeliveryAttempt, observeDeliveryLag } from "@/lib/metrics/deliveries";
import { deliveryConfig, type DeliveryConfig } from "./config";
import { enqueueAttempt, type DeliverWebhookPayload } from "./queue";
import { signingSecrets } from "./secrets";
import { loggableHeaders, signedHeaders } from "./sign";
import { classifyTransportError, defaultTransport, type Transport } from "./transport";

export type AttemptOutcome =
  | "succeeded"
  | "retrying"
  | "failed"
  | "deferred" // over the endpoint's rate limit: put off, not attempted
  | "skipped"; // nothing to do (already delivered, endpoint gone or disabled)

export interface DeliverDeps {
  transport?: Transport;
  config?: DeliveryConfig;
}

const decoder = new TextDecoder();

function excerpt(body: string, maxBytes: number): string {
  const bytes = Buffer.from(body, "utf8");
  if (bytes.length <= maxBytes) return body;
  // A cut in the middle of a character is dropped, not turned into garbage.
  return decoder.decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, "");
}

export async function deliverAttempt(db: Db, job: DeliverWebhookPayload, deps: DeliverDeps = {}): Promise<AttemptOutcome> {
  const outcome = await attemptDelivery(db, job, deps);
  countDeliveryAttempt(outcome);
  return outcome;
}

async function attemptDelivery(db: Db, job: DeliverWebhookPayload, deps: DeliverDeps): Promise<AttemptOutcome> {
  const cfg = deps.config ?? deliveryConfig();
  const transport = deps.transport ?? defaultTransport;

  const message = await db.selectFrom("webhook_messages").selectAll().where("id", "=", job.messageId).executeTakeFirst();
  if (!message) return "skipped";
  const endpoint = await db.selectFrom("webhook_endpoints").selectAll().where("id", "=", message.endpoint_id).executeTakeFirst();
  if (!endpoint) return "skipped";
  const scheduled = job.trigger === "scheduled" || job.trigger === "test";
  if (scheduled && (message.status === "succeeded" || message.status === "failed")) return "skipped";
  if (!endpoint.enabled) {
    // Whatever was still on the schedule stops; a person can replay it once the endpoint is enabled again.
    if (scheduled) await finishMessage(db, message.id, "failed");
    return "skipped";
  }

  if (endpoint.rate_limit_per_second) {
    const take = await takeToken(db, { key: `webhook-endpoint:${endpoint.id}`, capacity: 1, refillPerSecond: endpoint.rate_limit_per_second });
    if (!take.granted) {
      const runAt = new Date(Date.now() + Math.max(take.waitMs, 1));
      await db.transaction().execute(async (tx) => {
        await enqueueAttempt(tx, { ...job, deferrals: job.deferrals + 1 }, { runAt, unique: `${job.messageId}-${Date.now()}` });
        if (scheduled) await tx.updateTable("webhook_messages").set({ next_attempt_at: runAt }).where("id", "=", message.id).execute();
      });
      return "deferred";
    }
  }

  const at = cfg.now();
  const headers = signedHeaders(message.msg_id, message.body, signingSecrets(endpoint, at), at);
  let status: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  let permanent = false;
  const started = performance.now();
  let durationMs: number;
  try {
    const res = await transport({ url: endpoint.url, headers, body: message.body, timeoutMs: cfg.timeoutMs, maxResponseBytes: cfg.maxResponseBytes });
    status = res.status;
    responseBody = excerpt(res.body ?? "", cfg.maxResponseBytes);
    durationMs = Math.round(res.durationMs ?? performance.now() - started);
  } catch (err) {
    const failure = classifyTransportError(err, cfg.timeoutMs);
    error = failure.message;
    permanent = failure.permanent;
    durationMs = Math.round(performance.now() - started);
  }
  const ok = status !== null && status >= 200 && status < 300;
  const gone = status === 410;
  if (!ok && !error) error = `The endpoint answered ${status}`;
  if (!permanent) observeDeliveryLag(message.created_at, at, ok);

  // What comes next for the message.
  const attemptsSoFar = message.attempts + 1;
  let next: { status: Exclude<WebhookMessageStatus, "pending">; runAt?: Date } = { status: "succeeded" };
  if (!ok) {
    if (permanent || gone) next = { status: "failed" };
    else if (scheduled && attemptsSoFar < cfg.scheduleMs.length) next = { status: "retrying", runAt: new Date(at.getTime() + cfg.scheduleMs[attemptsSoFar]!) };
    else if (!scheduled && message.status === "retrying") next = { status: "retrying" }; // a resend does not cut a running schedule short
    else next = { status: "failed" };
  }

  let disabledNow = false;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("webhook_attempts")
      .values({
        org_id: message.org_id,
        message_id: message.id,
        endpoint_id: endpoint.id,
        attempted_at: at,
        trigger: job.trigger,
        request_headers: JSON.stringify(loggableHeaders(headers)),
        response_status: status,
        response_body: responseBody,
        error,
        duration_ms: durationMs,
      })
      .execute();
    await tx
      .updateTable("webhook_messages")
      .set({
        attempts: sql`attempts + 1`,
        // A late failure of a resend never overwrites a success.
        status: sql`case when status = 'succeeded' then status else ${next.status} end`,
        last_response_status: status,
        next_attempt_at: next.runAt ?? (next.status === "retrying" ? message.next_attempt_at : null),
        ...(ok ? { delivered_at: at } : {}),
      })
      .where("id", "=", message.id)
      .execute();
    if (next.runAt) await enqueueAttempt(tx, { messageId: message.id, attempt: attemptsSoFar + 1, trigger: job.trigger, deferrals: 0 }, { runAt: next.runAt });

    if (ok) {
      await tx.updateTable("webhook_endpoints").set({ failing_since: null }).where("id", "=", endpoint.id).where("failing_since", "is not", null).execute();
    } else if (gone) {
      disabledNow = await disableEndpoint(tx, endpoint, "The endpoint answered 410 Gone", { forFailures: false });
    } else if (!permanent) {
      // A refusal by the guard says nothing about the receiver's health; anything else starts or extends the streak.
      const row = await tx
        .updateTable("webhook_endpoints")
        .set({ failing_since: sql`coalesce(failing_since, ${at}::timestamptz)` })
        .where("id", "=", endpoint.id)
        .returning(["failing_since"])
        .executeTakeFirst();
      if (row?.failing_since && at.getTime() - row.failing_since.getTime() >= cfg.disableAfterMs) {
        disabledNow = await disableEndpoint(tx, endpoint, `Every delivery failed since ${row.failing_since.toISOString()}`, { forFailures: true });
      }
    }
  });

  if (gone && endpoint.source === "zapier") {
    // Zapier answers 410 when the Zap is off or deleted: the subscription is over.
    await db.deleteFrom("webhook_endpoints").where("id", "=", endpoint.id).execute();
  } else if (disabledNow && !gone) {
    try {
      // An incident (lib/alerts): told once, resolved when the endpoint is enabled again.
      await raiseAlert(
        db,
        endpointDisabledCondition({ orgId: endpoint.org_id, endpointId: endpoint.id, url: endpoint.url, because: `every delivery to it failed for ${spanText(cfg.disableAfterMs)} or more` }),
      );
    } catch (err) {
      log.error({ err, endpointId: endpoint.id }, "could not raise the alert of a disabled webhook endpoint");
    }
  }
  return next.status;
}

async function disableEndpoint(tx: Tx, endpoint: Pick<WebhookEndpointRow, "id">, reason: string, opts: { forFailures: boolean }): Promise<boolean> {
  const row = await tx
    .updateTable("webhook_endpoints")
    // The mark is what the alerts evaluation reads (lib/alerts): it commits with the disabling, the incident may not.
    .set({ enabled: false, disabled_reason: reason, disabled_for_failures_at: opts.forFailures ? sql<Date>`now()` : null, updated_at: new Date() })
    .where("id", "=", endpoint.id)
    .where("enabled", "=", true)
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

async function finishMessage(db: Db, id: WebhookMessageRow["id"], status: WebhookMessageStatus) {
  await db.updateTable("webhook_messages").set({ status, next_attempt_at: null }).where("id", "=", id).where("status", "in", ["pending", "retrying"]).execute();
}

/** "5 days", "36 hours", "2 minutes": the largest unit that fits, as a person would say it. */
function spanText(ms: number): string {
  const units: Array<[string, number]> = [["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000], ["second", 1000]];
  for (const [name, size] of units) {
    const n = ms / size;
    if (n >= 1 && Number.isInteger(n)) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  const n = Math.max(1, Math.round(ms / 1000));
  return `${n} second${n === 1 ? "" : "s"}`;
}
