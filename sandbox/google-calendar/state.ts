// One Google account with two calendars, the OAuth grants made to apps, and the
// push channels watching the calendars with the notifications sent on them.
import type { DeliveryBook } from "../core/deliveries";
import { stateSlot } from "../core/state-slot";
import type { PushChannel, PushDelivery } from "./push/channel";
export interface GoogleUser {
  sub: string;
  email: string;
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

/** One consent: the scopes granted to one app, and every token that came from it. */
export interface Grant {
  id: string;
  clientId: string;
  scopes: string[];
  revoked: boolean;
  refreshToken: string | null;
  nonce: string | null;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: "S256" | "plain" | null;
  offline: boolean;
  forceConsent: boolean;
  nonce: string | null;
  expiresAt: number;
  used: boolean;
}

export interface GoogleCalendarState {
  user: GoogleUser;
  calendars: GoogleCalendar[];
  /** Keyed by calendar id, then event id; insertion order is the default list order. */
  events: Map<string, Map<string, StoredEvent>>;
  grants: Map<string, Grant>;
  accessTokens: Map<string, { grantId: string; expiresAt: number }>;
  refreshTokens: Map<string, string>;
  codes: Map<string, AuthCode>;
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

export function seedGoogleCalendar(): GoogleCalendarState {
  return {
    user: {
      sub: "109876543210987654321",
      email: SANDBOX_GOOGLE_EMAIL,
      name: "Sandbox User",
      givenName: "Sandbox",
      familyName: "User",
      picture: "https://lh3.googleusercontent.com/a/default-user=s96-c",
    },
    calendars: [
      { id: SANDBOX_GOOGLE_EMAIL, summary: SANDBOX_GOOGLE_EMAIL, description: "", timeZone: "UTC", primary: true, accessRole: "owner", colorId: "14", backgroundColor: "#9fe1e7", foregroundColor: "#000000" },
      { id: TEAM_CALENDAR_ID, summary: "Team events", description: "Events the team runs", timeZone: "UTC", primary: false, accessRole: "owner", colorId: "9", backgroundColor: "#7bd148", foregroundColor: "#000000" },
    ],
    events: new Map(),
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    changeSeq: 0,
    syncGeneration: 1,
    channels: new Map(),
    pushes: { deliveries: [], nextDeliveryId: 1 },
  };
}

export const CALENDAR_STATE = stateSlot("google-calendar", seedGoogleCalendar);
