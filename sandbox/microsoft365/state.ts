// One Microsoft 365 user in one tenant: the grants made to apps, the user's
// calendars and their entries, Graph subscriptions with what was sent to them,
// delta tokens, and the free/busy of rooms the user can see.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type AuthCode, type Grant, type GrantBook } from "../oauth/grants";

/** A code is redeemed only at the tenant it was issued for; a sign-in's code names who signed in (oid) and the nonce. */
export type TenantCode = AuthCode & { tenant: string; oid?: string; nonce?: string | null };

/** The sign-in a grant came from: whose it is, the issuer its id_tokens name, and the nonce to repeat. */
export type MicrosoftGrant = Grant & { oid?: string; issuer?: string; nonce?: string | null };

/** A directory (Entra tenant) and the e-mail domains it has proven by DNS that it owns. */
export interface Tenant {
  id: string;
  name: string;
  verifiedDomains: string[];
}

/** A person in one of the directories, who can sign in to apps. */
export interface DirectoryPerson {
  id: string;
  tenantId: string;
  mail: string;
  displayName: string;
  userPrincipalName: string;
}

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface Attendee {
  emailAddress: { address: string; name?: string };
  type: string;
}

export interface Entry {
  id: string;
  calendarId: string;
  changeKey: string;
  transactionId: string | null;
  subject: string;
  body: { contentType: string; content: string };
  /** As written; `startsAt`/`endsAt` are the instants they name. */
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  startsAt: string;
  endsAt: string;
  location: string;
  attendees: Attendee[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  joinUrl: string | null;
  createdAt: string;
  modifiedAt: string;
  /** Position in the change feed: the delta query reports what changed after a token's position. */
  seq: number;
  deleted: null | { at: string; by: "api" | "hand" };
}

export interface Calendar {
  id: string;
  name: string;
  isDefault: boolean;
}

/** One POST the sandbox sent to an app's notification URL, and the answer. */
export interface Sent {
  id: number;
  at: string;
  kind: "validation" | "change" | "lifecycle";
  url: string;
  body: string;
  status: number | null;
  error: string | null;
  answer: string | null;
}

export interface Subscription {
  id: string;
  grantId: string;
  clientId: string;
  resource: string;
  calendarId: string;
  changeType: string[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiresAt: number;
  createdAt: string;
}

/** A delta token: the feed position and the window of the calendar view it was made for. */
export interface DeltaToken {
  calendarId: string;
  start: string;
  end: string;
  seq: number;
  expired: boolean;
}

export interface Busy {
  schedule: string;
  start: string;
  end: string;
  status: "busy" | "tentative" | "oof" | "free" | "workingElsewhere";
  subject: string;
}

export interface Microsoft365State extends GrantBook<MicrosoftGrant, TenantCode> {
  tenantId: string;
  /** The calendars' owner; also the first of `people`. */
  user: DirectoryPerson;
  /** The sandbox's home tenant and a second one, for sign-in from another organization's directory. */
  tenants: Tenant[];
  /** Everyone "Sign in with Microsoft" offers, in either tenant. */
  people: DirectoryPerson[];
  calendars: Calendar[];
  entries: Map<string, Entry>;
  /** transactionId → entry id, per calendar: a create repeated with the same transactionId answers the first entry. */
  transactions: Map<string, string>;
  seq: number;
  deltaTokens: Map<string, DeltaToken>;
  /** Pages of a delta answer not read yet, by skip token. */
  deltaPages: Map<string, { items: string[]; removed: string[]; token: DeltaToken; prefs: { utc: boolean } }>;
  subscriptions: Map<string, Subscription>;
  sent: Sent[];
  nextSentId: number;
  busy: Busy[];
  /** Rooms and people whose free/busy the user can see (besides the user). */
  directory: string[];
}

export const SANDBOX_TENANT_ID = "5b0a0a1b-0000-4000-8000-5a4db0c5e365";
export const SECOND_TENANT_ID = "7c3e9d2a-0000-4000-8000-fab41ca7e365";

/** Made afresh by every seed: a control call may change a person. */
const organizer = (): DirectoryPerson => ({ id: "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50001", tenantId: SANDBOX_TENANT_ID, mail: "organizer@contoso.sandbox.test", displayName: "Sandbox Organizer", userPrincipalName: "organizer@contoso.sandbox.test" });

export const MICROSOFT365_STATE = stateSlot<"microsoft365", Microsoft365State>("microsoft365", () => seedMicrosoft365(organizer()));

function seedMicrosoft365(user: DirectoryPerson): Microsoft365State {
  return {
    tenantId: SANDBOX_TENANT_ID,
    user,
    // The home tenant also owns the demo organization's domain (lib/demo), so the demo signs in with Microsoft too.
    tenants: [
      { id: SANDBOX_TENANT_ID, name: "Contoso (sandbox)", verifiedDomains: ["contoso.sandbox.test", "demo.switchboard.test"] },
      { id: SECOND_TENANT_ID, name: "Fabrikam (sandbox)", verifiedDomains: ["fabrikam.sandbox.test"] },
    ],
    people: [
      user,
      { id: "8f1c0e52-5b0c-4d7a-9e11-5a4db0c50002", tenantId: SANDBOX_TENANT_ID, mail: "admin@demo.switchboard.test", displayName: "Demo Admin", userPrincipalName: "admin@contoso.sandbox.test" },
      // Another directory's administrator can give a user any address: this one claims the demo admin's.
      { id: "2d7b9f40-3c1e-4f6a-8b20-fab41ca70001", tenantId: SECOND_TENANT_ID, mail: "admin@demo.switchboard.test", displayName: "Fabrikam User", userPrincipalName: "user@fabrikam.sandbox.test" },
    ],
    ...emptyGrantBook<MicrosoftGrant, TenantCode>(),
    calendars: [
      { id: "AAMkAGSbxCalendarDefault0001", name: "Calendar", isDefault: true },
      { id: "AAMkAGSbxCalendarTeamEvents02", name: "Team events", isDefault: false },
    ],
    entries: new Map(),
    transactions: new Map(),
    seq: 0,
    deltaTokens: new Map(),
    deltaPages: new Map(),
    subscriptions: new Map(),
    sent: [],
    nextSentId: 1,
    busy: [],
    directory: ["room.aula@contoso.sandbox.test", "room.lab@contoso.sandbox.test"],
  };
}
