// Registration questions a connector brings. The organizer's question kinds are
// mostly plain (text, choice, e-mail, URL: lib/domain/questions); a connector
// adds kinds only it can check, such as a username on its service. The kind is
// data on the manifest, so the event form offers it whether or not the provider
// is connected; the check runs only while a connection is enabled, and an
// answer that fails it is a field error on the public form, never a failed job.

/** A question kind as data: what the event form offers and how the public form checks its format. */
export interface QuestionKindManifest {
  /** Stored on the question and carried in payloads (`kind`): one name across lib, sandbox and UI. */
  id: string;
  /** What the organizer picks in the event form ("GitHub username"). */
  label: string;
  /** Shown under the field on the public form. */
  help?: string;
  placeholder?: string;
  /** A format check without the provider (JavaScript regular expression source, whole value). */
  pattern: string;
  /** The field error when the pattern does not match. */
  patternMessage: string;
  /** Longest answer accepted. */
  maxLength: number;
}

/** What the provider says about one answer: it exists (with its canonical form), or a field error for the attendee. */
export type AnswerCheck = { ok: true; canonical: string } | { ok: false; message: string };

/**
 * Behaviour for a kind: asks the provider whether the answer is real. Runs in the
 * registration request through the call policy with a short deadline; when the
 * provider cannot be asked (down, breaker open, timeout), the answer is accepted
 * as typed, since a provider outage never blocks a registration.
 */
export type AnswerChecker<Ctx> = (ctx: Ctx, value: string, signal: AbortSignal) => Promise<AnswerCheck>;
