// What a failed SMTP send means for the job that tried it. An SMTP server says
// so itself: 4xx is "try again later" (greylisting, a full queue, a rate limit),
// 5xx is "never" (a refused sender or recipient, wrong credentials, too large).
// Without a reply, a connection that failed, timed out or dropped is worth
// retrying; a message we could not even build, or TLS the server refused, is not.
export interface MailFailure {
  permanent: boolean;
  /** For the activity log and the job's error: what happened, without secrets. */
  message: string;
  responseCode?: number;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** Nodemailer's codes for failures that a retry will not fix. */
const PERMANENT_CODES = new Set(["EENVELOPE", "EMESSAGE", "ETLS", "EREQUIRETLS", "ENOAUTH", "ECONFIG"]);

export function classifyMailError(err: unknown): MailFailure {
  const e = (err ?? {}) as NodemailerError;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reply = e.response?.trim();
  if (code !== undefined && code >= 400 && code < 600) {
    return {
      permanent: code >= 500,
      responseCode: code,
      message: `the SMTP server answered ${reply && reply.startsWith(String(code)) ? reply : `${code}${reply ? ` ${reply}` : ""}`}${e.command ? ` to ${e.command.split(" ")[0]}` : ""}`.slice(0, 500),
    };
  }
  const detail = (e.message ?? String(err)).slice(0, 300);
  if (e.code && PERMANENT_CODES.has(e.code)) return { permanent: true, message: `${detail} (${e.code})` };
  return { permanent: false, message: e.code ? `${detail} (${e.code})` : detail };
}

/** An error a job throws to be retried, carrying what the activity log shows. */
export class MailSendError extends Error {
  constructor(readonly failure: MailFailure) {
    super(failure.message);
    this.name = "MailSendError";
  }
}
