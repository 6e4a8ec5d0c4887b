// One X account, the OAuth 2.0 grants made to apps, its posts, and the rate-limit
// window of the create-post endpoint.
import { stateSlot } from "../core/state-slot";
import { emptyGrantBook, type GrantBook } from "../oauth/grants";

export interface XUser {
  id: string;
  name: string;
  username: string;
}

export interface XPost {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  deleted: boolean;
}

export interface XState extends GrantBook {
  user: XUser;
  posts: Map<string, XPost>;
  /** POST /2/tweets per user: X's window is 15 minutes. */
  window: { limit: number; used: number; resetsAt: number };
}

export const X_WINDOW_MS = 15 * 60 * 1000;

export const X_STATE = stateSlot<"x", XState>("x", (now) => ({
  user: { id: "1790000000000000001", name: "Sandbox Events", username: "sandbox_events" },
  ...emptyGrantBook(),
  posts: new Map(),
  window: { limit: 100, used: 0, resetsAt: now + X_WINDOW_MS },
}));
