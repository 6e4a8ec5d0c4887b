import type { FormFields } from "../../core/body";
import type { Ctx } from "../../core/context";
import type { GoogleCalendarState, GoogleGrant } from "../state";

export type Obj = Record<string, unknown>;

export interface CalendarCall {
  ctx: Ctx;
  state: GoogleCalendarState;
  grant: GoogleGrant;
  path: Record<string, string>;
  query: FormFields;
  /** The parsed JSON body; {} when none was sent. */
  body: Obj;
  now: number;
}

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
