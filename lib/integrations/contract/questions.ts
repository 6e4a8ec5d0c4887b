// Registration questions a connector brings. The organizer's question kinds are
// mostly plain (text, choice, e-mail, URL: lib/domain/questions); a connector
// adds kinds only it can check, such as a username on its service. The kind is
// data on the manifest, so the event form offers it whether or not the provider
// is connected; the check runs only while a connection is enabled, and an
// answer that fails it is a field error on the public form, never a failed job.

// The kind's data is defined beside the built-in kinds, since the domain checks answers without reaching into lib/integrations.
export type { QuestionKindManifest } from "@/lib/domain/questions/kinds";

/** What the provider says about one answer: it exists (with its canonical form), or a field error for the attendee. */
export type AnswerCheck = { ok: true; canonical: string } | { ok: false; message: string };

/**
 * Behaviour for a kind: asks the provider whether the answer is real. Runs in the
 * registration request through the call policy with a short deadline; when the
 * provider cannot be asked (down, breaker open, timeout), the answer is accepted
 * as typed, since a provider outage never blocks a registration.
 */
export type AnswerChecker<Ctx> = (ctx: Ctx, value: string, signal: AbortSignal) => Promise<AnswerCheck>;
