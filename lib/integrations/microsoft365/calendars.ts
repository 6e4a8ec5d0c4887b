// The calendar the connection writes to: the one chosen in settings, or the account's default.
import type { GraphCalendar, GraphUser } from "./graph-types";
import { graphClient } from "./client";
import type { Microsoft365Context } from "./manifest";

type Ctx = Pick<Microsoft365Context, "baseUrl" | "credentials" | "call" | "settings">;

export function graph(ctx: Pick<Microsoft365Context, "baseUrl" | "credentials">) {
  return graphClient(ctx.baseUrl, ctx.credentials.accessToken);
}

export async function listCalendars(ctx: Ctx): Promise<GraphCalendar[]> {
  const res = await ctx.call("calendars.list", (signal) => graph(ctx).api("me/calendars").option("signal", signal).top(100).get() as Promise<{ value: GraphCalendar[] }>);
  return res.value;
}

export async function chosenCalendarId(ctx: Ctx): Promise<string> {
  if (ctx.settings.calendarId) return ctx.settings.calendarId;
  const cal = await ctx.call("calendar.get", (signal) => graph(ctx).api("me/calendar").option("signal", signal).get() as Promise<GraphCalendar>);
  return cal.id;
}

export function me(ctx: Pick<Microsoft365Context, "baseUrl" | "credentials">, signal: AbortSignal): Promise<GraphUser> {
  return graph(ctx).api("me").option("signal", signal).get() as Promise<GraphUser>;
}

export const addressOf = (u: GraphUser) => u.mail || u.userPrincipalName || u.id;
