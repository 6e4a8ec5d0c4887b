// The Content API (content.twilio.com, at /twilio/content/v1/…): list and fetch an
// account's content templates. ../shared/specs has no description of it, so it is
// emulated from Twilio's Content API documentation and the SDK's ContentInstance
// type (sid HX…, friendly_name, language, variables, types, url, links; pages with
// a "meta" block keyed "contents"), and its query is checked with zod.
import { z } from "zod";
import type { Ctx } from "../core/context";
import { record } from "../core/record";
import { authenticate, isAnswer } from "./auth";
import { notFound, send, twilioError } from "./errors";
import { TWILIO_STATE, type TwilioAccount, type TwilioTemplate } from "./state";

const NO_SPEC = "the Content API has no description in ../shared/specs; emulated from Twilio's docs, the query checked with zod";

const listQuery = z.object({
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
  PageToken: z.string().optional(),
});

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function contentView(base: string, account: TwilioAccount, t: TwilioTemplate) {
  return {
    sid: t.sid,
    account_sid: account.sid,
    friendly_name: t.friendlyName,
    language: t.language,
    variables: t.variables,
    types: { "twilio/text": { body: t.body } },
    url: `${base}/v1/Content/${t.sid}`,
    date_created: iso(t.createdAt),
    date_updated: iso(t.createdAt),
    links: { approval_fetch: `${base}/v1/Content/${t.sid}/ApprovalRequests`, approval_create: `${base}/v1/Content/${t.sid}/ApprovalRequests/whatsapp` },
  };
}

export function handleContent(ctx: Ctx): void {
  const path = ctx.subpath.slice("/content".length);
  const one = /^\/v1\/Content\/(HX[0-9a-fA-F]{32})$/.exec(path);
  if (ctx.method !== "GET" || (path !== "/v1/Content" && !one)) {
    record(ctx, null);
    return send(ctx, notFound(ctx.subpath));
  }
  const operation = one ? "twilio content FetchContent" : "twilio content ListContent";
  const state = TWILIO_STATE.of(ctx.rt);
  const account = authenticate(ctx, state, null, ctx.rt.clock.now());
  if (isAnswer(account)) {
    record(ctx, operation);
    return send(ctx, account);
  }
  const base = `${ctx.rt.url}/twilio/content`;
  if (one) {
    record(ctx, operation, { checked: true, issues: [], notes: [NO_SPEC] });
    const t = account.templates.find((x) => x.sid === one[1]);
    return send(ctx, t ? { status: 200, body: contentView(base, account, t) } : notFound(ctx.subpath));
  }
  const q = listQuery.safeParse(Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  if (!q.success) {
    const issue = q.error.issues[0]!;
    record(ctx, operation, { checked: true, issues: [{ location: "query", path: issue.path.join("."), message: issue.message, rule: issue.code }], notes: [NO_SPEC] });
    return send(ctx, twilioError(400, 20001, `Invalid ${issue.path.join(".")}: ${issue.message}`));
  }
  record(ctx, operation, { checked: true, issues: [], notes: [NO_SPEC] });
  const { PageSize: size, Page: page } = q.data;
  const items = account.templates.map((t) => contentView(base, account, t));
  const at = (n: number) => `${base}/v1/Content?PageSize=${size}&Page=${n}`;
  send(ctx, {
    status: 200,
    body: {
      contents: items.slice(page * size, page * size + size),
      meta: { page, page_size: size, first_page_url: at(0), previous_page_url: page > 0 ? at(page - 1) : null, next_page_url: (page + 1) * size < items.length ? at(page + 1) : null, url: at(page), key: "contents" },
    },
  });
}
