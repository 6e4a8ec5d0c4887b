// The platform's own SMTP, from the environment: mail that must reach people
// whatever an organization has connected (notices to its admins). Unset, the
// platform mailer is "not configured" and notices take the organization's path
// (lib/notify); half set, it is an error naming the variable, so a typo is found
// at start rather than by a notice that never arrives.
import { z } from "zod";

export interface MailerConfig {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS. */
  secure: boolean;
  /** Refuse to send unless the connection is upgraded by STARTTLS; off only for a loopback server. */
  requireTls: boolean;
  auth?: { user: string; pass: string };
  /** The From header, "Name <address>" or a bare address. */
  from: string;
  timeouts: MailerTimeouts;
}

/** Nothing waits forever on an SMTP server that is down or stuck: a job's attempt ends and is retried. */
export interface MailerTimeouts {
  /** To open the TCP (or TLS) connection. */
  connectionMs: number;
  /** From connecting to the server's 220 greeting. */
  greetingMs: number;
  /** Silence on an open connection. */
  socketMs: number;
}

export const DEFAULT_TIMEOUTS: MailerTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/** The variables that make up the platform mailer, in the order the README lists them. */
export const SMTP_VARIABLES = ["SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_SECURE"] as const;

export class MailerConfigError extends Error {
  constructor(
    readonly variable: (typeof SMTP_VARIABLES)[number],
    message: string,
  ) {
    super(message);
    this.name = "MailerConfigError";
  }
}

type Env = Record<string, string | undefined>;

const address = z.email();

/** "Name <a@b.example>" or "a@b.example": the address part, when it is one. */
function fromAddress(from: string): string | undefined {
  const m = from.match(/^\s*(?:"?([^"<]*)"?\s*)?<([^<>\s]+)>\s*$/);
  const addr = m ? m[2]! : from.trim();
  return address.safeParse(addr).success ? addr : undefined;
}

/** localhost, 127.0.0.0/8 and ::1: the only hosts the platform mailer talks to without TLS. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(h) || h === "::1";
}

/**
 * The platform mailer's settings, or undefined when no SMTP_* variable is set.
 * Throws MailerConfigError naming the variable that is missing or wrong.
 */
export function mailerConfig(env: Env = process.env): MailerConfig | undefined {
  const v = (name: (typeof SMTP_VARIABLES)[number]) => env[name]?.trim() || undefined;
  const set = SMTP_VARIABLES.filter((name) => v(name) !== undefined);
  if (set.length === 0) return undefined;
  const because = `(${set.join(", ")} ${set.length === 1 ? "is" : "are"} set, so the platform mailer is being configured)`;

  const host = v("SMTP_HOST");
  if (!host) throw new MailerConfigError("SMTP_HOST", `SMTP_HOST is not set: the SMTP server's host name, e.g. smtp.example.com ${because}`);
  const from = v("SMTP_FROM");
  if (!from) throw new MailerConfigError("SMTP_FROM", `SMTP_FROM is not set: the sender of the platform's mail, e.g. "Switchboard <alerts@example.com>" ${because}`);
  if (!fromAddress(from)) throw new MailerConfigError("SMTP_FROM", `SMTP_FROM must be an e-mail address or "Name <address>", not "${from}"`);

  const secureRaw = v("SMTP_SECURE")?.toLowerCase();
  if (secureRaw !== undefined && secureRaw !== "true" && secureRaw !== "false") {
    throw new MailerConfigError("SMTP_SECURE", `SMTP_SECURE must be "true" (TLS from the start, usually port 465) or "false" (STARTTLS), not "${env.SMTP_SECURE}"`);
  }
  const portRaw = v("SMTP_PORT");
  const port = portRaw === undefined ? (secureRaw === "true" ? 465 : 587) : Number(portRaw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MailerConfigError("SMTP_PORT", `SMTP_PORT must be a port number from 1 to 65535, not "${portRaw}"`);
  }
  const secure = secureRaw === undefined ? port === 465 : secureRaw === "true";

  const user = v("SMTP_USER");
  // A password may have meaningful spaces at its ends: taken as it is.
  const pass = env.SMTP_PASSWORD || undefined;
  if (user && !pass) throw new MailerConfigError("SMTP_PASSWORD", "SMTP_PASSWORD is not set, but SMTP_USER is: set both to sign in to the SMTP server, or neither for a relay that needs no sign-in");
  if (pass && !user) throw new MailerConfigError("SMTP_USER", "SMTP_USER is not set, but SMTP_PASSWORD is: set both to sign in to the SMTP server, or neither for a relay that needs no sign-in");

  return {
    host,
    port,
    secure,
    requireTls: !secure && !isLoopbackHost(host),
    ...(user && pass ? { auth: { user, pass } } : {}),
    from,
    timeouts: DEFAULT_TIMEOUTS,
  };
}

/** Where the platform mailer sends, for logs and the start-up line: never the password. */
export function describeMailer(config: MailerConfig): string {
  const tls = config.secure ? "TLS" : config.requireTls ? "STARTTLS required" : "loopback, TLS if offered";
  return `${config.host}:${config.port} (${tls}${config.auth ? `, as ${config.auth.user}` : ""}), from ${config.from}`;
}
