// Everything the sandbox knows about one module, declared in one object in the
// module's folder (sandbox/<name>/index.ts) and listed once in sandbox/registry.ts.
// The server, the control API, the inbox and the spec check find everything here.
import type { CalendarHook } from "./calendar-week";
import type { Ctx, Runtime } from "./context";
import type { ControlInput, ControlResult, ControlRoutes } from "./control";
import type { Raw } from "./html";
import type { SpecSource } from "./spec-source";
import type { StateSlot } from "./state-slot";

/** Its section of the inbox page (GET /). */
export interface InboxSection<S> {
  /** The section's anchor and its link's label in the page's navigation. */
  anchor: string;
  label: string;
  /** The heading's note beside the label, e.g. the workspace's name. */
  note: string;
  count(state: S): number;
  render(state: S, rt: Runtime): Raw;
  /** Styles only this section uses. */
  css?: string;
  /** Control API links for the page's footer: [href, text]. */
  links?: ReadonlyArray<readonly [string, string]>;
}

export interface InboxView<S> {
  /** Its part of GET /_sandbox/inbox.json, under the module's name. */
  json?(state: S): unknown;
  section?: InboxSection<S>;
}

/** What /_sandbox/revoke, /expire and /tokens do with the module's credentials. */
export interface CredentialControl<S> {
  /** Revokes the token given, or every live one; how many were revoked. */
  revoke(state: S, token: string | undefined): number;
  /** Lets every access token expire now; how many did. */
  expire?(state: S, nowMs: number): number;
  /** Issues a token as a finished OAuth flow would have. */
  mint?(state: S, scopes: string[] | undefined, input: ControlInput, nowMs: number): ControlResult;
}

/** A server of its own a module runs beside the sandbox's HTTP one (the SMTP server), started and stopped with it. */
export interface Listener {
  /** One line for the operator: what listens where (no secrets). */
  describe: string;
  /** What the app sets to use it (SMTP_HOST…); `npm start` applies them only when the operator set none of them. */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** What every module has, providers and built-ins (the demo webhook receiver) alike. */
export interface SandboxModule<N extends string = string, S = unknown> {
  name: N;
  state: StateSlot<N, S>;
  /** Operations at /_sandbox/<name>…; all but reads need the control token. */
  control?: ControlRoutes;
  /** A path prefix under /_sandbox/ that anyone may call without the control token. */
  open?: { prefix: string; handle(ctx: Ctx): void | Promise<void> };
  inbox?: InboxView<S>;
  /** Starts the module's own server once the HTTP one listens (rt.url is known). */
  listen?(rt: Runtime): Promise<Listener>;
}

/** An emulated provider, served under /<name>/ and at any root prefixes it owns. */
export interface ProviderModule<N extends string = string, S = unknown> extends SandboxModule<N, S> {
  /** Prefixes at the sandbox's root the provider owns besides /<name>/ (an SDK that takes no path prefix). */
  rootPaths?: readonly string[];
  handle(ctx: Ctx): Promise<void>;
  /** Answers `status` in the provider's error shape; a Retry-After is added for 429s. */
  fail(ctx: Ctx, status: number, retryAfterSeconds?: number): void;
  /** False for a provider whose 429s carry no Retry-After unless a fault asks for one. Default true. */
  retryAfterOn429?: boolean;
  /** The published API descriptions it validates against; none for a provider that publishes none (it says so and checks with zod). */
  specs: readonly SpecSource<unknown>[];
  /** NoInfer: a shared helper (core/key-credentials.ts) serves any state that has its fields. */
  credentials?: CredentialControl<NoInfer<S>>;
  /** A calendar provider's entries on the inbox's shared week view, and a person's edit of one "in the calendar". */
  calendar?: CalendarHook<NoInfer<S>>;
}

/** Keeps the module's name and state type, so the registry can derive the state's shape. */
export function defineProvider<N extends string, S>(module: ProviderModule<N, S>): ProviderModule<N, S> {
  return module;
}

export function defineModule<N extends string, S>(module: SandboxModule<N, S>): SandboxModule<N, S> {
  return module;
}

/** The registry's modules, as the server hands them to the router, the control API and the inbox. */
export interface ModuleSet {
  providers: readonly ProviderModule[];
  /** Providers first, then the built-ins (the demo webhook receiver). */
  all: readonly SandboxModule[];
}
