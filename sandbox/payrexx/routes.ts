// One Payrexx API request: find the endpoint, read the parameters, authenticate,
// validate them against the endpoint's schema, run it, answer in Payrexx's envelope.
import type { Ctx } from "../core/context";
import { safeDecode } from "../core/path-template";
import { record } from "../core/record";
import { createGateway, deleteGateway, retrieveGateway } from "./api/gateways";
import { gatewayInput, KNOWN_PARAMETERS, outcomeOf, refundInput } from "./api/inputs";
import type { Operation } from "./api/operation";
import { refund, retrieveTransaction, signatureCheck } from "./api/transactions";
import { authenticate, isAnswer } from "./auth";
import { readParams, type RequestParams } from "./params";
import { failure, send, type PayrexxAnswer } from "./respond";
import type { PayrexxWorld } from "./world";

type Prepare = (params: RequestParams, ctx: Ctx, name: string) => Operation | PayrexxAnswer;

interface Route {
  method: string;
  name: string;
  pattern: RegExp;
  prepare: Prepare;
}

const plain = (op: Operation): Prepare => () => op;

/** The parameters checked against the endpoint's schema; the first issue is the refusal. */
function validated<T>(schema: { safeParse(v: unknown): import("zod").ZodSafeParseResult<T> }, known: string[], run: (input: T) => Operation): Prepare {
  return (params, ctx, name) => {
    const result = schema.safeParse(params.values);
    const outcome = outcomeOf(result, params.values, known);
    record(ctx, name, outcome);
    const issue = outcome.issues[0];
    if (!result.success || issue) return failure(400, `An error occurred: Invalid parameter ${issue?.path ?? "(parameters)"}: ${issue?.message ?? "invalid"}`);
    return run(result.data);
  };
}

const VERSION = String.raw`/v1\.\d{1,2}`;
const route = (method: string, name: string, path: string, prepare: Prepare): Route => ({ method, name, pattern: new RegExp(`^${VERSION}/${path}/?$`), prepare });

const ROUTES: Route[] = [
  route("POST", "payrexx Gateway.create", "Gateway", validated(gatewayInput, KNOWN_PARAMETERS.gateway, createGateway)),
  route("GET", "payrexx Gateway.retrieve", String.raw`Gateway/(?<id>[^/]+)`, plain(retrieveGateway)),
  route("DELETE", "payrexx Gateway.delete", String.raw`Gateway/(?<id>[^/]+)`, plain(deleteGateway)),
  route("GET", "payrexx Transaction.retrieve", String.raw`Transaction/(?<id>[^/]+)`, plain(retrieveTransaction)),
  route("POST", "payrexx Transaction.refund", String.raw`Transaction/(?<id>[^/]+)/refund`, validated(refundInput, KNOWN_PARAMETERS.refund, (i) => refund(i.amount))),
  route("GET", "payrexx SignatureCheck", "SignatureCheck", plain(signatureCheck)),
];

/** What is emulated, for the README and tests. */
export const EMULATED_PAYREXX_OPERATIONS = ROUTES.map((r) => `${r.method} ${r.name}`);

export function handleApi(ctx: Ctx, w: PayrexxWorld): void {
  const path = ctx.subpath;
  const matches = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).filter((x) => x.m !== null);
  const found = matches.find((x) => x.r.method === ctx.method);
  if (!found) {
    record(ctx, null);
    if (matches.length > 0) return send(ctx, failure(405, `An error occurred: ${ctx.method} is not allowed on ${path}`));
    return send(ctx, failure(404, `An error occurred: Unknown endpoint ${ctx.method} ${path}`));
  }
  record(ctx, found.r.name);
  const params = readParams(ctx);
  if (isAnswer(params)) return send(ctx, params);
  const instance = authenticate(w.state, params);
  if (isAnswer(instance)) return send(ctx, instance);
  const op = found.r.prepare(params, ctx, found.r.name);
  if (typeof op !== "function") return send(ctx, op);
  const pathParams = Object.fromEntries(Object.entries(found.m!.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
  send(ctx, op({ w, instance, params, pathParams }));
}
