// Revoking, expiring and minting credentials, so tests reach the failure paths of
// authentication without walking through a consent screen each time. Each provider
// declares what its credentials allow (ProviderModule.credentials).
import type { Runtime } from "../core/context";
import { asObject, bad, type ControlResult } from "../core/control";
import type { CredentialControl, ProviderModule } from "../core/provider-module";
import { isProvider, providerChoices } from "../core/providers";

type Able = (c: CredentialControl<unknown>) => boolean;

/** The module the input's `provider` names among those `able` to do it, or why not. */
function pick(modules: readonly ProviderModule[], input: unknown, able: Able): { module: ProviderModule; credentials: CredentialControl<unknown>; input: Record<string, unknown> } | ControlResult {
  const candidates = modules.filter((m) => m.credentials && able(m.credentials));
  const names = candidates.map((m) => m.name);
  const o = asObject(input);
  if (!o || !isProvider(names, o.provider)) return bad(`provider must be ${providerChoices(names)}`);
  const chosen = candidates.find((m) => m.name === o.provider)!;
  return { module: chosen, credentials: chosen.credentials!, input: o };
}

export function revoke(rt: Runtime, modules: readonly ProviderModule[], input: unknown): ControlResult {
  const picked = pick(modules, input, () => true);
  if ("status" in picked) return picked;
  const token = picked.input.token;
  if (token !== undefined && typeof token !== "string") return bad("token must be a string");
  const revoked = picked.credentials.revoke(picked.module.state.of(rt), token);
  if (token !== undefined && revoked === 0) return { status: 404, body: { error: "no live token matches" } };
  return { status: 200, body: { provider: picked.module.name, revoked } };
}

export function expire(rt: Runtime, modules: readonly ProviderModule[], input: unknown): ControlResult {
  const picked = pick(modules, input, (c) => c.expire !== undefined);
  if ("status" in picked) return picked;
  return { status: 200, body: { provider: picked.module.name, expired: picked.credentials.expire!(picked.module.state.of(rt), rt.clock.now()) } };
}

export function advanceClock(rt: Runtime, input: unknown): ControlResult {
  const seconds = asObject(input)?.advanceSeconds;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return bad("advanceSeconds must be a non-negative number");
  rt.clock.advance(seconds);
  return { status: 200, body: { now: new Date(rt.clock.now()).toISOString() } };
}

/** Issues a token directly, as a finished OAuth flow would have; scopes default to all the sandbox knows. */
export function mint(rt: Runtime, modules: readonly ProviderModule[], input: unknown): ControlResult {
  const picked = pick(modules, input, (c) => c.mint !== undefined);
  if ("status" in picked) return picked;
  const scopes = picked.input.scopes;
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((s) => typeof s === "string"))) return bad("scopes must be an array of strings");
  return picked.credentials.mint!(picked.module.state.of(rt), scopes as string[] | undefined, picked.input, rt.clock.now());
}
