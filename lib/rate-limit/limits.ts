// The named rate limits and their defaults. Each can be changed with one
// environment variable, `RATE_LIMIT_<NAME>`, as "<points>/<seconds>" (for
// example `5/900`: five attempts in fifteen minutes) or "off".
export interface LimitSpec {
  points: number;
  durationSec: number;
}

export const LIMITS = {
  /** Sign-in attempts for one account (e-mail); a successful sign-in gives its attempt back. */
  signin_email: { points: 5, durationSec: 15 * 60 },
  /** Sign-in attempts from one client address, whatever the account. */
  signin_ip: { points: 30, durationSec: 15 * 60 },
  /** Registrations and checkouts started from one client address. */
  public_ip: { points: 20, durationSec: 10 * 60 },
  /** Files uploaded as answers on the public form from one client address (each is stored). */
  public_upload: { points: 30, durationSec: 10 * 60 },
  /** Registrations and checkouts for one buyer e-mail (each one mails that address). */
  public_email: { points: 5, durationSec: 60 * 60 },
  /** Sign-ups, password resets and new confirmation links asked for from one client address. */
  account_ip: { points: 10, durationSec: 60 * 60 },
  /** The same for one e-mail address (each one mails that address). */
  account_email: { points: 5, durationSec: 60 * 60 },
  /** Invitations sent or sent again by one organization (each one mails an address its admins typed). */
  member_invitation: { points: 50, durationSec: 60 * 60 },
  /** Callbacks of one connection whose verification costs a request to the provider. */
  inbound_verify: { points: 120, durationSec: 60 },
  /** Ticket codes that matched no ticket, per signed-in member or API key: guessing codes at the door or through the API. */
  ticket_code_miss: { points: 30, durationSec: 10 * 60 },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMITS;

type Env = Record<string, string | undefined>;

export function envName(name: LimitName): string {
  return `RATE_LIMIT_${name.toUpperCase()}`;
}

/** The limit in force, or null when it is switched off. */
export function limitSpec(name: LimitName, env: Env = process.env): LimitSpec | null {
  const raw = env[envName(name)]?.trim();
  if (!raw) return LIMITS[name];
  if (raw === "off") return null;
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
    throw new Error(`${envName(name)} must be "<points>/<seconds>" with both at least 1 (such as 5/900), or "off"; it is "${raw}".`);
  }
  return { points: Number(m[1]), durationSec: Number(m[2]) };
}

/** Open (pending, unexpired) checkouts one buyer e-mail may hold for one event: `OPEN_HOLDS_PER_EMAIL`. */
export function openHoldsCap(env: Env = process.env): number {
  const raw = env.OPEN_HOLDS_PER_EMAIL?.trim();
  if (!raw) return 3;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`OPEN_HOLDS_PER_EMAIL must be a whole number of at least 1; it is "${raw}".`);
  return Number(raw);
}
