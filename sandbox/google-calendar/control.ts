// Google's side that no API call reaches: sync tokens Google stops honouring (it does
// now and then; the client must then sync in full), and what the push channels are
// and what was sent on them.
import { first } from "../core/context";
import type { ControlRoutes } from "../core/control";
import { listDeliveries } from "../core/deliveries";
import { isLive, type PushChannel } from "./push/channel";
import { CALENDAR_STATE } from "./state";

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

export const CALENDAR_CONTROL: ControlRoutes = {
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
