// Asking a provider whether an answer to a connector's question kind is real (a
// username that exists), while the person waits on the public form. Only an
// enabled connection of a connector with a checker for the kind is asked, once,
// within a short deadline; whatever stops the provider from answering (no such
// connection, down, slow, refused) leaves the answer as typed, since a provider
// never blocks a registration. A "no" is a field error with the provider's words.
import type { Db } from "@/lib/db/client";
import type { QuestionEnv, ExternalVerdict } from "@/lib/domain/questions/answers";
import { connectorContext } from "@/lib/integrations/connections/context";
import { ProviderCallError } from "@/lib/integrations/contract";
import { connectorQuestionKinds, providersOfKind, registryProviders, type QuestionKindProviders } from "@/lib/integrations/question-kinds";
import { log } from "@/lib/log";
import type { Keyring } from "@/lib/vault";
import { appKeyring } from "@/lib/vault/app-keyring";
import { raceDeadline } from "@/lib/free-busy/deadline";

/** How long the public form waits for a provider's word on one answer. */
export const ANSWER_CHECK_DEADLINE_MS = 3_000;

export interface AnswerCheckOptions {
  providers?: QuestionKindProviders;
  deadlineMs?: number;
  keyring?: Keyring;
}

export async function checkAnswer(db: Db, orgId: string, kind: string, value: string, opts: AnswerCheckOptions = {}): Promise<ExternalVerdict> {
  const providers = opts.providers ?? registryProviders;
  const ids = providersOfKind(kind, providers);
  if (ids.length === 0) return null;
  const rows = await db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("connector_id", "in", ids)
    .where("status", "=", "connected")
    .where("credentials_sealed", "is not", null)
    .orderBy("created_at")
    .execute();
  for (const row of rows) {
    const connector = await providers.load(row.connector_id);
    const checker = connector?.answerChecks?.[kind];
    if (!connector || !checker) continue;
    const deadlineMs = opts.deadlineMs ?? ANSWER_CHECK_DEADLINE_MS;
    const signal = AbortSignal.timeout(deadlineMs);
    const work = (async () => {
      // One attempt: a person is waiting, and a retry would only be cut off by the deadline.
      const ctx = await connectorContext(db, opts.keyring ?? appKeyring(), connector, row, { policy: { timeoutMs: deadlineMs, maxAttempts: 1 } });
      return checker(ctx, value, signal);
    })();
    const outcome = await raceDeadline(work, signal);
    if (outcome.kind === "done") return outcome.value;
    const why = outcome.kind === "late" ? "no answer in time" : outcome.error instanceof ProviderCallError ? outcome.error.failure.message : String(outcome.error);
    log.warn({ connectionId: row.id, kind, why }, "registration answer could not be checked; accepted as typed");
    return null;
  }
  return null;
}

/** The connector kinds and their check, for the registration and checkout paths. */
export function questionEnv(db: Db, opts: AnswerCheckOptions = {}): QuestionEnv {
  return {
    kinds: connectorQuestionKinds(opts.providers ?? registryProviders),
    check: (orgId, kind, value) => checkAnswer(db, orgId, kind, value, opts),
  };
}
