// The authorize endpoint every OAuth emulator serves, GET and POST on one path:
// GET checks the app's request and shows the consent screen; POST is the person's
// decision on that screen (our own form, but it came back through a browser, so it
// is checked again) and redirects to the app with a code or with access_denied.
// The code goes into the provider's grant book (grants.ts), for its token endpoint.
//
// A provider brings only its rules: the wording of each refusal, the scopes it
// knows, how its codes and redirects look. For example (QuickBooks):
//
//   export function handleAuthorize(ctx: Ctx): Promise<void> {
//     return authorize(ctx, {
//       label: "quickbooks oauth.authorize",
//       action: "/quickbooks/connect/oauth2",
//       book: (ctx) => QUICKBOOKS_STATE.of(ctx.rt),
//       screen: (ctx, app) => ({ title: `${app.name} wants to connect to your QuickBooks company`, account: "…" }),
//       errorTitle: "QuickBooks: something went wrong",
//       refuse: { unknownClient: () => "Invalid client_id", redirectUri: () => "…", responseType: () => "…", challengeMethod: () => "…" },
//       requested: (scope) => {                                         // its scope rules
//         const asked = scope.split(/\s+/).filter(Boolean);
//         const unknown = asked.find((s) => !KNOWN_SCOPES.has(s));
//         return unknown ? `Invalid scope: ${unknown}` : asked;
//       },
//       newCode: () => `AB11-sbx-${randomToken(24)}`,
//       code: () => ({ realmId: SANDBOX_REALM_ID }),                  // its own fields on the code
//       allowed: (code, _granted, p) => ({ code, state: p.state, realmId: SANDBOX_REALM_ID }),
//     });
//   }
import { first, type Ctx } from "../core/context";
import { randomToken } from "../core/ids";
import { record } from "../core/record";
import { redirect, sendHtml } from "../core/respond";
import { findApp, type SandboxApp } from "./apps";
import { consentPage, errorPage, isAbsoluteUrl, withParams } from "./consent";
import { CODE_TTL_MS, type AuthCode, type Grant, type GrantBook } from "./grants";

/** The request's parameters, first value each. */
export type AuthorizeParams = Record<string, string | undefined>;

/** An error page instead of the screen: a bare string is a 400 under the provider's `errorTitle`. */
export type Refusal = string | { status: number; title: string; detail: string };

type Query = Record<string, string | undefined>;

export interface AuthorizeRules<C extends AuthCode = AuthCode> {
  /** The call's name in the request log. */
  label: string;
  /** Where the consent form posts the decision: this same endpoint. */
  action: string;
  /** Parameters the screen carries to the decision besides client_id, redirect_uri, state and the PKCE pair. */
  carried?: readonly string[];
  book(ctx: Ctx): GrantBook<Grant, C>;
  screen(ctx: Ctx, app: SandboxApp): { title: string; account: string };
  errorTitle: string;
  /** What each broken request is told, in the order they are checked. */
  refuse: {
    unknownClient(p: AuthorizeParams): Refusal;
    redirectUri(p: AuthorizeParams): Refusal;
    responseType(p: AuthorizeParams): Refusal;
    challengeMethod(p: AuthorizeParams): Refusal;
  };
  /** Checks of its own, after those. On the decision, `scope` is what the screen listed. */
  check?(p: AuthorizeParams): Refusal | null;
  /** The scopes the screen lists, from the request's `scope`, or a refusal for one it does not know. Default: split on spaces. */
  requested?(scope: string): string[] | Refusal;
  /**
   * The accounts a person may continue as (an account chooser, as a provider's
   * sign-in page offers); the chosen one's id reaches `code` as `account`.
   */
  people?(ctx: Ctx): Array<{ id: string; label: string }>;
  /** A line under each scope on the screen. */
  describe?(ctx: Ctx, scopes: string[]): Promise<Array<string | undefined>>;
  /** What the ticked scopes become on the code (spelling, earlier grants). Default: as ticked. */
  granted?(ctx: Ctx, ticked: string[], p: AuthorizeParams): string[];
  /** A new code's value, in the provider's format. */
  newCode?(): string;
  /** The provider's own fields on the code. */
  code?(p: AuthorizeParams): Omit<C, keyof AuthCode>;
  /** The redirect's query after Allow. Default: code and state. */
  allowed?(code: string, granted: string[], p: AuthorizeParams): Query;
  /** error_description on the redirect after Cancel, for a provider that sends one. */
  deniedDescription?: string;
  /** What an Allow sets up at the provider besides the code (Zoom's notification endpoint). */
  onAllow?(ctx: Ctx, redirectUri: string): void;
}

const STANDARD = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"];

function problem(rules: AuthorizeRules<AuthCode>, p: AuthorizeParams): Refusal | null {
  if (!findApp(p.client_id)) return rules.refuse.unknownClient(p);
  if (!isAbsoluteUrl(p.redirect_uri)) return rules.refuse.redirectUri(p);
  if (p.response_type !== "code") return rules.refuse.responseType(p);
  if (p.code_challenge_method && p.code_challenge_method !== "S256" && p.code_challenge_method !== "plain") return rules.refuse.challengeMethod(p);
  return rules.check?.(p) ?? null;
}

function refusePage(ctx: Ctx, rules: AuthorizeRules<AuthCode>, refusal: Refusal): void {
  const r = typeof refusal === "string" ? { status: 400, title: rules.errorTitle, detail: refusal } : refusal;
  sendHtml(ctx, r.status, errorPage(r.title, r.detail));
}

const words = (v: string | undefined) => [...new Set((v ?? "").split(/\s+/).filter(Boolean))];

export async function authorize<C extends AuthCode>(ctx: Ctx, rules: AuthorizeRules<C>): Promise<void> {
  const generic = rules as unknown as AuthorizeRules<AuthCode>;
  record(ctx, rules.label);
  const source = ctx.method === "POST" && ctx.body.kind === "form" ? ctx.body.value : ctx.query;
  const carried = [...STANDARD, ...(rules.carried ?? [])];
  const p: AuthorizeParams = {};
  for (const k of [...carried, "response_type", "scope", "requested", "decision", "account"]) p[k] = first(source[k]);

  if (ctx.method === "GET") {
    const bad = problem(generic, p);
    if (bad) return refusePage(ctx, generic, bad);
    const requested = rules.requested ? rules.requested(p.scope ?? "") : words(p.scope);
    if (!Array.isArray(requested)) return refusePage(ctx, generic, requested);
    const descriptions = rules.describe ? await rules.describe(ctx, requested) : [];
    const hidden: Record<string, string> = { requested: requested.join(" ") };
    for (const k of carried) if (p[k] !== undefined) hidden[k] = p[k]!;
    const { title, account } = rules.screen(ctx, findApp(p.client_id)!);
    const people = rules.people?.(ctx).map((x) => ({ value: x.id, label: x.label }));
    return sendHtml(ctx, 200, consentPage({ title, account, action: rules.action, scopes: requested.map((name, i) => ({ name, description: descriptions[i] })), hidden, people }));
  }

  const bad = problem(generic, { ...p, response_type: "code", scope: p.requested });
  if (bad) return refusePage(ctx, generic, bad);
  const redirectUri = p.redirect_uri!;
  if (p.decision !== "allow") return redirect(ctx, withParams(redirectUri, { error: "access_denied", error_description: rules.deniedDescription, state: p.state }));
  if (rules.people) {
    // A form posted without a choice takes the preselected (first) account, as the screen shows it.
    const people = rules.people(ctx);
    p.account ??= people[0]?.id;
    if (!people.some((x) => x.id === p.account)) return refusePage(ctx, generic, "That account is not one you can continue as. Choose an account on the screen.");
  }
  const ticked = Array.isArray(source.scope) ? source.scope : source.scope ? [source.scope] : [];
  const chosen = words(p.requested).filter((s) => ticked.includes(s));
  const granted = rules.granted ? rules.granted(ctx, chosen, p) : chosen;
  const value = rules.newCode ? rules.newCode() : randomToken(24);
  const code = {
    clientId: p.client_id!,
    redirectUri,
    scopes: granted,
    challenge: p.code_challenge ?? null,
    challengeMethod: p.code_challenge ? ((p.code_challenge_method as "S256" | "plain" | undefined) ?? "plain") : null,
    expiresAt: ctx.rt.clock.now() + CODE_TTL_MS,
    used: false,
    ...rules.code?.(p),
  } as C;
  rules.book(ctx).codes.set(value, code);
  rules.onAllow?.(ctx, redirectUri);
  redirect(ctx, withParams(redirectUri, rules.allowed ? rules.allowed(value, granted, p) : { code: value, state: p.state }));
}
