// Who is calling: our demo App by its JWT (RS256, signed with the App's private key,
// checked against its public key, issued for at most ten minutes), an installation
// by an access token minted from that JWT (an hour), a person by a user access
// token the App got for them (eight hours), or by a personal access token of the
// right shape (any such token works, unless revoked).
import { createVerify, randomBytes } from "node:crypto";
import { header, type Ctx } from "../core/context";
import { appKeys, SANDBOX_APP, type GithubState } from "./state";

export type Caller = { kind: "app" } | { kind: "installation"; installationId: number } | { kind: "user"; token: string } | { kind: "app-user"; login: string };

export const INSTALLATION_TOKEN_MS = 60 * 60 * 1000;
const PERSONAL = /^(github_pat_[A-Za-z0-9_]{20,}|ghp_[A-Za-z0-9]{20,})$/;

function credential(ctx: Ctx): string | undefined {
  const m = header(ctx, "authorization")?.match(/^(?:token|bearer)\s+(.+)$/i);
  return m?.[1]?.trim();
}

function b64json(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Why the JWT is refused, as GitHub words it; null when it is good. */
export function jwtProblem(jwt: string, nowMs: number): string | null {
  const parts = jwt.split(".");
  if (parts.length !== 3) return "A JSON web token could not be decoded";
  const [h, p, s] = parts as [string, string, string];
  const head = b64json(h);
  const claims = b64json(p);
  if (!head || !claims) return "A JSON web token could not be decoded";
  if (head.alg !== "RS256") return "'alg' must be RS256";
  const ok = createVerify("RSA-SHA256").update(`${h}.${p}`).verify(appKeys().publicKey, Buffer.from(s, "base64url"));
  if (!ok) return "A JSON web token could not be decoded";
  if (String(claims.iss) !== String(SANDBOX_APP.id)) return "'Issuer' claim ('iss') must be an Integer";
  const now = Math.floor(nowMs / 1000);
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (!Number.isFinite(iat) || iat > now + 60) return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  if (!Number.isFinite(exp) || exp <= now) return "'Expiration time' claim ('exp') is too far in the future";
  if (exp - iat > 600 + 60) return "'Expiration time' claim ('exp') is too far in the future";
  return null;
}

/** The caller, or the reason GitHub would answer 401. */
export function identify(ctx: Ctx, state: GithubState, nowMs: number): Caller | { refused: string } {
  const token = credential(ctx);
  if (!token) return { refused: "Requires authentication" };
  if (token.split(".").length === 3) {
    const problem = jwtProblem(token, nowMs);
    return problem ? { refused: problem } : { kind: "app" };
  }
  const minted = state.installationTokens.get(token);
  if (minted) {
    const inst = state.installations.get(minted.installationId);
    if (minted.expiresAt <= nowMs || !inst || inst.deleted || inst.suspendedAt) return { refused: "Bad credentials" };
    return { kind: "installation", installationId: minted.installationId };
  }
  const user = state.userTokens.get(token);
  if (user) return user.expiresAt <= nowMs ? { refused: "Bad credentials" } : { kind: "app-user", login: user.login };
  if (PERSONAL.test(token) && !state.revokedTokens.has(token)) return { kind: "user", token };
  return { refused: "Bad credentials" };
}

export function mintInstallationToken(state: GithubState, installationId: number, nowMs: number): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "A").slice(0, 36)}`;
  const expiresAt = nowMs + INSTALLATION_TOKEN_MS;
  state.installationTokens.set(token, { installationId, expiresAt });
  state.tokensMinted++;
  return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
}
