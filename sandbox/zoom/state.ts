// One Zoom user in one account, the OAuth grants made to apps, the user's
// meetings, and the app's event notification endpoint with what was sent to it.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type GrantBook } from "../oauth/grants";

export interface ZoomUser {
  id: string;
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  timezone: string;
}

export interface Meeting {
  id: number;
  uuid: string;
  hostId: string;
  topic: string;
  type: number;
  startTime: string;
  duration: number;
  timezone: string;
  agenda: string;
  password: string;
  waitingRoom: boolean;
  joinUrl: string;
  createdAt: string;
  /** Who deleted it and how: by the app through the API, or by a person in Zoom. */
  deleted: null | { at: string; by: "api" | "hand" };
}

export type SignatureKind = "valid" | "forged" | "stale";

/** One request the sandbox's Zoom app sent to the app's endpoint, and the answer. */
export interface Notification {
  id: number;
  at: string;
  event: string;
  url: string;
  body: string;
  signature: SignatureKind;
  status: number | null;
  error: string | null;
  answer: string | null;
}

export interface ZoomState extends GrantBook {
  user: ZoomUser;
  meetings: Map<number, Meeting>;
  app: {
    /** The event notification endpoint URL; set on the first consent, or validated through the control API. */
    webhookUrl: string | null;
    secretToken: string;
    nextNotificationId: number;
    notifications: Notification[];
  };
}

/** Public on purpose, as the sandbox's OAuth apps are: it only signs for the local emulator. */
export const SANDBOX_ZOOM_SECRET_TOKEN = "sandbox-zoom-webhook-secret-token-0000";

export const ZOOM_STATE = stateSlot<"zoom", ZoomState>("zoom", () => ({
  user: { id: "sbxUser0000000000001", accountId: "sbxAccount000000000001", email: "host@zoom.sandbox.test", firstName: "Sandbox", lastName: "Host", timezone: "Europe/Zurich" },
  ...emptyGrantBook(),
  meetings: new Map(),
  app: { webhookUrl: null, secretToken: SANDBOX_ZOOM_SECRET_TOKEN, nextNotificationId: 1, notifications: [] },
}));
