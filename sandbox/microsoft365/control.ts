// A person in Outlook and Graph's own doings, as control operations: edit or
// delete an entry by hand (subscribers are told), send a lifecycle notification
// (reauthorizationRequired, subscriptionRemoved removes the subscription,
// missed), resend a change notification with another clientState, expire every
// delta token, and put busy blocks in a room's or the user's schedule.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { bad, notFound, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { changeNotificationBody, lifecycleBody, sendChange, sendLifecycle } from "./notify";
import { MICROSOFT365_STATE, type Busy, type Sent, type Subscription } from "./state";
import { editOutlookEntry } from "./week-entries";

/** A person in one of the directories "Sign in with Microsoft" offers: a new one, or one whose address changed (by id). */
const PERSON = z.object({ id: z.uuid().optional(), tenantId: z.uuid().optional(), mail: z.email(), displayName: z.string().min(1).default("Sandbox Person") });

function upsertPerson(ctx: Ctx, input: ControlInput): ControlResult {
  const parsed = PERSON.safeParse(input);
  if (!parsed.success) return bad("give {mail, displayName?, tenantId?, id?}: id names a person to change");
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const existing = state.people.find((p) => p.id === parsed.data.id);
  const tenantId = parsed.data.tenantId ?? existing?.tenantId ?? state.tenantId;
  if (!state.tenants.some((t) => t.id === tenantId)) return bad(`tenantId must be one of ${state.tenants.map((t) => t.id).join(", ")}`);
  const person = { id: parsed.data.id ?? randomUUID(), tenantId, mail: parsed.data.mail, displayName: parsed.data.displayName, userPrincipalName: existing?.userPrincipalName ?? parsed.data.mail };
  if (existing) Object.assign(existing, person);
  else state.people.push(person);
  return { status: 200, body: person };
}

const LIFECYCLE = ["reauthorizationRequired", "subscriptionRemoved", "missed"];
const BUSY = ["busy", "tentative", "oof", "free", "workingElsewhere"];

const sentView = (s: Sent) => ({ id: s.id, at: s.at, kind: s.kind, url: s.url, status: s.status, error: s.error, answer: s.answer, body: s.body });

function subscriptionFor(ctx: Ctx, input: ControlInput): Subscription | undefined {
  const state = MICROSOFT365_STATE.of(ctx.rt);
  if (typeof input.subscriptionId === "string") return state.subscriptions.get(input.subscriptionId);
  return [...state.subscriptions.values()].at(-1);
}

async function edit(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  if (typeof input.id !== "string") return bad("id must be an entry id");
  const change = { ...(input.change && typeof input.change === "object" ? input.change : input) } as Record<string, unknown>;
  for (const k of ["startsAt", "endsAt", "title", "location"]) if (change[k] !== undefined && typeof change[k] !== "string") return bad(`${k} must be a string`);
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const before = state.sent.length ? state.sent.at(-1)!.id : 0;
  const ok = await editOutlookEntry(ctx.rt, state, input.id, {
    startsAt: change.startsAt as string | undefined,
    endsAt: change.endsAt as string | undefined,
    title: change.title as string | undefined,
    location: change.location as string | undefined,
    ...(change.remove === true ? { remove: true as const } : {}),
  });
  if (!ok) return notFound(`No entry ${input.id} to change, or the change is not valid`);
  return { status: 200, body: { id: input.id, notifications: state.sent.filter((s) => s.id > before).map(sentView) } };
}

async function lifecycle(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const event = input.event;
  if (typeof event !== "string" || !LIFECYCLE.includes(event)) return bad(`event must be one of ${LIFECYCLE.join(", ")}`);
  const s = subscriptionFor(ctx, input);
  if (!s) return notFound("No subscription to notify");
  const state = MICROSOFT365_STATE.of(ctx.rt);
  if (event === "subscriptionRemoved") state.subscriptions.delete(s.id);
  const clientState = typeof input.clientState === "string" ? input.clientState : s.clientState;
  const sent = await sendLifecycle(ctx.rt, state, s, lifecycleBody(state, s, event, clientState));
  return { status: 200, body: sentView(sent) };
}

/** Sends a change notification for an entry again, or with another clientState (to see a forged one refused). */
async function notify(ctx: Ctx, input: ControlInput): Promise<ControlResult> {
  const s = subscriptionFor(ctx, input);
  if (!s) return notFound("No subscription to notify");
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const e = typeof input.entryId === "string" ? state.entries.get(input.entryId) : [...state.entries.values()].at(-1);
  if (!e) return notFound("No entry to notify about");
  const clientState = typeof input.clientState === "string" ? input.clientState : s.clientState;
  const changeType = typeof input.changeType === "string" ? input.changeType : "updated";
  const sent = await sendChange(ctx.rt, state, s, changeNotificationBody(state, s, e, changeType, clientState));
  return { status: 200, body: sentView(sent) };
}

function expireDeltaTokens(ctx: Ctx): ControlResult {
  const state = MICROSOFT365_STATE.of(ctx.rt);
  let n = 0;
  for (const t of state.deltaTokens.values()) {
    if (!t.expired) n++;
    t.expired = true;
  }
  state.deltaPages.clear();
  return { status: 200, body: { expired: n } };
}

function addBusy(ctx: Ctx, input: ControlInput): ControlResult {
  const { schedule, start, end } = input;
  const status = (input.status ?? "busy") as Busy["status"];
  if (typeof schedule !== "string" || !schedule.includes("@")) return bad("schedule must be an e-mail address");
  if (typeof start !== "string" || typeof end !== "string" || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) return bad("start and end must be ISO date-times");
  if (!BUSY.includes(status)) return bad(`status must be one of ${BUSY.join(", ")}`);
  const state = MICROSOFT365_STATE.of(ctx.rt);
  const b: Busy = { schedule: schedule.toLowerCase(), start: new Date(start).toISOString(), end: new Date(end).toISOString(), status, subject: typeof input.subject === "string" ? input.subject : "Busy" };
  state.busy.push(b);
  if (!state.directory.includes(b.schedule) && b.schedule !== state.user.mail) state.directory.push(b.schedule);
  return { status: 201, body: b };
}

export const MICROSOFT365_CONTROL: ControlRoutes = {
  "/entries/edit": { POST: edit },
  "/people": {
    GET: (ctx) => {
      const state = MICROSOFT365_STATE.of(ctx.rt);
      return { status: 200, body: { tenants: state.tenants, people: state.people } };
    },
    POST: upsertPerson,
  },
  "/subscriptions/lifecycle": { POST: lifecycle },
  "/subscriptions/notify": { POST: notify },
  "/subscriptions": {
    GET: (ctx) => {
      const state = MICROSOFT365_STATE.of(ctx.rt);
      return { status: 200, body: { subscriptions: [...state.subscriptions.values()].map((s) => ({ ...s, expiresAt: new Date(s.expiresAt).toISOString(), clientState: undefined })), sent: state.sent.map(sentView) } };
    },
  },
  "/delta/expire": { POST: expireDeltaTokens },
  "/busy": { POST: addBusy },
};
