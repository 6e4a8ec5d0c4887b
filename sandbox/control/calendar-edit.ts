// GET /_sandbox/calendar/entries lists every calendar provider's entries;
// POST /_sandbox/calendar/entries/<entry id>/edit: a person changes an entry in
// their calendar (moves it, renames it, deletes it), and the provider that holds it
// applies the change and tells the app as it would. JSON from tests (with the
// control token), or the inbox's form from a browser (with the page's form key; a
// blank field stays as it is), which then goes back to the week view.
import type { EntryChange, WeekEntry } from "../core/calendar-week";
import { first, type Ctx } from "../core/context";
import { formKeyMatches } from "../core/form-key";
import { html, page } from "../core/html";
import type { SandboxModule } from "../core/provider-module";
import { safeDecode } from "../core/path-template";
import { sendEmpty, sendHtml, sendJson } from "../core/respond";
import { instantOf, localDay, weekStart, withOffsetOf } from "../core/week";
import { calendarSources } from "../inbox/calendar-sources";
import { EDIT_FORM_PURPOSE, editForm, WEEK_CSS, weekHref, type Typed } from "../inbox/week-view";
import { CONTROL_TOKEN_HEADER, controlAllowed } from "./token";

const PATH = /^\/_sandbox\/calendar\/entries\/([^/]+)\/edit\/?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const FIELDS = ["startsAt", "endsAt", "title", "location", "remove"];

const LIST = /^\/_sandbox\/calendar\/entries\/?$/;

export function isEntryEdit(pathname: string): boolean {
  return PATH.test(pathname) || LIST.test(pathname);
}

/** GET /_sandbox/calendar/entries: every provider's entries as the week view shows them, so a test finds an entry's id. */
function listEntries(ctx: Ctx, modules: readonly SandboxModule[]): void {
  if (ctx.method !== "GET") return sendJson(ctx, 405, { error: "the entries are read with GET; an entry is changed at /_sandbox/calendar/entries/<id>/edit" }, { Allow: "GET" });
  sendJson(ctx, 200, { entries: calendarSources(modules, ctx.rt).flatMap((s) => s.hook.entries(s.state)) });
}

class Refusal {
  constructor(
    readonly field: string | null,
    readonly message: string,
  ) {}
}

/** The change asked for, from JSON (a field sent is a change) or the form (a blank field is none). */
function readChange(ctx: Ctx): { change: Record<string, unknown>; typed: Typed } | Refusal {
  if (ctx.body.kind === "json") {
    const v = ctx.body.value;
    if (typeof v !== "object" || v === null || Array.isArray(v)) return new Refusal(null, "send a JSON object: { startsAt?, endsAt?, title?, location?, remove?: true }");
    const unknown = Object.keys(v).filter((k) => !FIELDS.includes(k));
    if (unknown.length) return new Refusal(unknown[0]!, `unknown field ${unknown.join(", ")}: a change has startsAt, endsAt, title, location or remove`);
    return { change: v as Record<string, unknown>, typed: {} };
  }
  if (ctx.body.kind === "form") {
    const f = (name: string) => first(ctx.body.kind === "form" ? ctx.body.value[name] : undefined)?.trim();
    const typed: Typed = { startsAt: f("startsAt"), endsAt: f("endsAt"), title: f("title"), location: f("location") };
    const change: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(typed)) if (v) change[k] = v;
    if (f("remove") === "true") change.remove = true;
    return { change, typed };
  }
  return new Refusal(null, "send the change as JSON or as a form");
}

function dateTime(field: string, v: unknown): string | Refusal {
  if (typeof v !== "string" || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    return new Refusal(field, `${field} must be a date and time with its offset, such as 2030-01-02T19:00:00+01:00 (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** Checks the change against the entry it applies to; moving only the start keeps the duration, as dragging an entry does. */
function validChange(raw: Record<string, unknown>, entry: WeekEntry): EntryChange | Refusal {
  if (raw.remove !== undefined) {
    if (raw.remove !== true) return new Refusal("remove", "remove must be true");
    return { remove: true };
  }
  const change: EntryChange = {};
  if (raw.title !== undefined) {
    if (typeof raw.title !== "string" || raw.title.trim() === "") return new Refusal("title", "title must be a non-empty text");
    change.title = raw.title;
  }
  if (raw.location !== undefined) {
    if (typeof raw.location !== "string") return new Refusal("location", "location must be a text (\"\" clears it)");
    change.location = raw.location;
  }
  // The form sends what it showed: a time left as it was is no change (an all-day date included).
  if (raw.startsAt !== undefined && raw.startsAt !== entry.start) {
    const s = dateTime("startsAt", raw.startsAt);
    if (s instanceof Refusal) return s;
    change.startsAt = s;
  }
  if (raw.endsAt !== undefined && raw.endsAt !== entry.end) {
    const e = dateTime("endsAt", raw.endsAt);
    if (e instanceof Refusal) return e;
    change.endsAt = e;
  }
  const [oldStart, oldEnd] = [instantOf(entry.start), instantOf(entry.end)];
  if (change.startsAt && !change.endsAt && oldStart !== null && oldEnd !== null) {
    change.endsAt = withOffsetOf(Date.parse(change.startsAt) + (oldEnd - oldStart), change.startsAt);
  }
  const start = change.startsAt ? Date.parse(change.startsAt) : oldStart;
  const end = change.endsAt ? Date.parse(change.endsAt) : oldEnd;
  if (start !== null && end !== null && end < start) return new Refusal("endsAt", "endsAt must not be before startsAt");
  if (Object.keys(change).length === 0) return new Refusal(null, "nothing to change: send startsAt, endsAt, title, location or remove: true");
  return change;
}

function refuse(ctx: Ctx, status: number, refusal: Refusal, form: { entry: WeekEntry; typed: Typed } | null): void {
  if (!form) return sendJson(ctx, status, { error: refusal.message, ...(refusal.field ? { field: refusal.field } : {}) });
  const body = html`<main><h1>The entry was not changed</h1>
    <p class="form-error" role="alert">${refusal.message}</p>
    <div class="entry" style="max-width:420px">${editForm(ctx.rt, form.entry, form.typed)}</div>
    <p><a href="${weekHref(weekStart(localDay(form.entry.start) ?? "2000-01-03"))}">Back to the inbox</a></p></main>`;
  sendHtml(ctx, status, page("Edit in calendar", body, WEEK_CSS));
}

export async function handleEntryEdit(ctx: Ctx, modules: readonly SandboxModule[]): Promise<void> {
  if (LIST.test(ctx.url.pathname)) return listEntries(ctx, modules);
  const id = safeDecode(ctx.url.pathname.match(PATH)![1]!);
  if (ctx.method !== "POST") return sendJson(ctx, 405, { error: "an edit is a POST" }, { Allow: "POST" });
  const isForm = ctx.body.kind === "form";
  const allowed = controlAllowed(ctx) || (isForm && formKeyMatches(ctx.rt, EDIT_FORM_PURPOSE, first(ctx.body.kind === "form" ? ctx.body.value.formKey : undefined)));
  if (!allowed) return sendJson(ctx, 401, { error: `this control call needs the sandbox's control token in the ${CONTROL_TOKEN_HEADER} header, or the inbox page's form` });

  const sources = calendarSources(modules, ctx.rt);
  const owner = sources.map((s) => ({ s, entry: s.hook.entries(s.state).find((e) => e.id === id && !e.cancelled) ?? s.hook.entries(s.state).find((e) => e.id === id) })).find((x) => x.entry);
  if (!owner?.entry) return sendJson(ctx, 404, { error: `no calendar entry ${id} in ${sources.map((s) => s.name).join(", ") || "any calendar"}` });
  const read = readChange(ctx);
  if (read instanceof Refusal) return refuse(ctx, 400, read, null);
  const form = isForm ? { entry: owner.entry, typed: read.typed } : null;
  if (owner.entry.cancelled) return refuse(ctx, 409, new Refusal(null, `the entry ${id} was deleted from the calendar: there is nothing left to edit`), form);
  const change = validChange(read.change, owner.entry);
  if (change instanceof Refusal) return refuse(ctx, 400, change, form);

  if (!(await owner.s.hook.edit(ctx.rt, owner.s.state, id, change))) return sendJson(ctx, 404, { error: `no calendar entry ${id}` });
  const after = owner.s.hook.entries(owner.s.state).find((e) => e.id === id && (change.remove ? e.cancelled : !e.cancelled)) ?? owner.entry;
  if (isForm) return sendEmpty(ctx, 303, { Location: weekHref(weekStart(localDay(after.start) ?? localDay(owner.entry.start)!)), "Cache-Control": "no-store" });
  sendJson(ctx, 200, { entry: after });
}
