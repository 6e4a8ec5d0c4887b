// One Google account with two calendars, the OAuth grants made to apps, and the
// push channels watching the calendars with the notifications sent on them.
import type { DeliveryBook } from "../core/deliveries";
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type AuthCode, type Grant, type GrantBook } from "../oauth/grants";
import type { PushChannel, PushDelivery } from "./push/channel";
export interface GoogleUser {
  sub: string;
  email: string;
  /** Whether Google verified the address (the id_token's email_verified). */
  emailVerified: boolean;
  name: string;
  givenName: string;
  familyName: string;
  picture: string;
}

export interface GoogleCalendar {
  id: string;
  summary: string;
  description: string;
  timeZone: string;
  primary: boolean;
  accessRole: "owner" | "writer" | "reader" | "freeBusyReader";
  colorId: string;
  backgroundColor: string;
  foregroundColor: string;
}

export type EventResource = Record<string, unknown>;

export interface StoredEvent {
  calendarId: string;
  resource: EventResource;
  /** The sendUpdates of the last write: whether Google would have mailed the guests. */
  sendUpdates: string | null;
  /** The account's change counter at this event's last write: what a sync token is compared with. */
  seq: number;
}

/** OpenID Connect's nonce rides on the grant, for the id_tokens its refreshes answer. */
export type GoogleGrant = Grant & { nonce: string | null; /** The account that consented (people[].sub). */ sub: string };

/** access_type=offline asks for a refresh token; prompt=consent for a new one when the app has one. */
export type GoogleCode = AuthCode & { offline: boolean; forceConsent: boolean; nonce: string | null; sub: string };

export interface GoogleCalendarState extends GrantBook<GoogleGrant, GoogleCode> {
  /** The account whose calendars these are; also the first of `people`. */
  user: GoogleUser;
  /** The accounts "Sign in with Google" offers, some with addresses Google has not verified. */
  people: GoogleUser[];
  calendars: GoogleCalendar[];
  /** Keyed by calendar id, then event id; insertion order is the default list order. */
  events: Map<string, Map<string, StoredEvent>>;
  /** Counts every write to an event; a sync token remembers the count it was issued at. */
  changeSeq: number;
  /** Raised by /_sandbox/google-calendar/invalidate-sync-tokens: older tokens answer 410. */
  syncGeneration: number;
  /** Push channels by channel id (events.watch), live, stopped or expired. */
  channels: Map<string, PushChannel>;
  /** Every notification sent on a channel, one record per attempt. */
  pushes: DeliveryBook<PushDelivery>;
}

export const SANDBOX_GOOGLE_EMAIL = "sandbox.user@example.com";
export const TEAM_CALENDAR_ID = "c_sandboxteamevents@group.calendar.google.com";

const PICTURE = "https://lh3.googleusercontent.com/a/default-user=s96-c";

/** A sign-in account as Google describes it; `name` is split at its first space. */
export function googlePerson(input: { sub: string; email: string; emailVerified: boolean; name: string }): GoogleUser {
  const [givenName = input.name, ...rest] = input.name.split(" ");
  return { ...input, givenName, familyName: rest.join(" "), picture: PICTURE };
}

export function seedGoogleCalendar(): GoogleCalendarState {
  const user = googlePerson({ sub: "109876543210987654321", email: SANDBOX_GOOGLE_EMAIL, emailVerified: true, name: "Sandbox User" });
  return {
    user,
    // The demo organization's people (lib/demo), so the demo signs in with Google too.
    people: [
      user,
      googlePerson({ sub: "109876543210987650001", email: "admin@demo.switchboard.test", emailVerified: true, name: "Demo Admin" }),
      googlePerson({ sub: "109876543210987650002", email: "member@demo.switchboard.test", emailVerified: false, name: "Demo Member" }),
    ],
    calendars: [
      { id: SANDBOX_GOOGLE_EMAIL, summary: SANDBOX_GOOGLE_EMAIL, description: "", timeZone: "UTC", primary: true, accessRole: "owner", colorId: "14", backgroundColor: "#9fe1e7", foregroundColor: "#000000" },
      { id: TEAM_CALENDAR_ID, summary: "Team events", description: "Events the team runs", timeZone: "UTC", primary: false, accessRole: "owner", colorId: "9", backgroundColor: "#7bd148", foregroundColor: "#000000" },
    ],
    events: new Map(),
    ...emptyGrantBook<GoogleGrant, GoogleCode>(),
    changeSeq: 0,
    syncGeneration: 1,
    channels: new Map(),
    pushes: { deliveries: [], nextDeliveryId: 1 },
  };
}

export const CALENDAR_STATE = stateSlot("google-calendar", seedGoogleCalendar);
