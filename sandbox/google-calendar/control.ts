// Google's side that no API call reaches: sync tokens Google stops honouring (it does
// now and then; the client must then sync in full), and what the push channels are
// and what was sent on them.
import { first } from "../core/context";
import { randomInt } from "node:crypto";
import { z } from "zod";
import { bad, type ControlRoutes } from "../core/control";
import { listDeliveries } from "../core/deliveries";
import { isLive, type PushChannel } from "./push/channel";
import { CALENDAR_STATE, googlePerson } from "./state";

/** Channel tokens are the app's secrets: reads are open to anyone who reaches the port, so they are never shown. */
function channelView(c: PushChannel, now: number) {
  return {
    id: c.id,
    resourceId: c.resourceId,
    resourceUri: c.resourceUri,
    calendarId: c.calendarId,
    address: c.address,
    hasToken: c.token !== null,
    expiration: new Date(c.expiration).toISOString(),
    live: isLive(c, now),
    stoppedAt: c.stoppedAt,
    lastMessage: c.lastMessage,
    createdAt: c.createdAt,
  };
}

/** A Google account "Sign in with Google" offers: a new one, or one whose address changed (by sub). */
const PERSON = z.object({ sub: z.string().regex(/^\d{1,30}$/).optional(), email: z.email(), emailVerified: z.boolean().default(true), name: z.string().min(1).default("Sandbox Person") });

export const CALENDAR_CONTROL: ControlRoutes = {
  "/people": {
    GET: (ctx) => ({ status: 200, body: { people: CALENDAR_STATE.of(ctx.rt).people } }),
    POST: (ctx, input) => {
      const parsed = PERSON.safeParse(input);
      if (!parsed.success) return bad("give {email, emailVerified?, name?, sub?}: sub names an account to change");
      const state = CALENDAR_STATE.of(ctx.rt);
      const sub = parsed.data.sub ?? `1${Array.from({ length: 20 }, () => randomInt(10)).join("")}`;
      const person = googlePerson({ ...parsed.data, sub });
      const i = state.people.findIndex((p) => p.sub === sub);
      if (i >= 0) Object.assign(state.people[i]!, person);
      else state.people.push(person);
      return { status: 200, body: person };
    },
  },
  "/invalidate-sync-tokens": {
    POST: (ctx) => {
      const state = CALENDAR_STATE.of(ctx.rt);
      state.syncGeneration++;
      return { status: 200, body: { invalidated: true, note: "every sync token issued so far now answers 410 fullSyncRequired" } };
    },
  },
  "/channels": {
    GET: (ctx) => {
      const now = ctx.rt.clock.now();
      const calendarId = first(ctx.query.calendarId);
      const channels = [...CALENDAR_STATE.of(ctx.rt).channels.values()].filter((c) => calendarId === undefined || c.calendarId === calendarId);
      return { status: 200, body: { channels: channels.map((c) => channelView(c, now)) } };
    },
  },
  "/pushes": {
    GET: (ctx) => listDeliveries(ctx, CALENDAR_STATE.of(ctx.rt).pushes.deliveries, { channel: (d) => d.channelId, state: (d) => d.resourceState }),
  },
};
