// What the manifest needs of free/busy, as data (no SDK): the scope freebusy.query
// is asked with, and the setting naming the extra calendars (rooms, resources).
import { freeBusyCalendarsSetting } from "../calendar-settings";

/** The narrowest scope freebusy.query accepts; connections made before it was asked for lack it. */
export const FREE_BUSY_SCOPE = "https://www.googleapis.com/auth/calendar.freebusy";

/** Google answers at most 50 calendars per query: the chosen one and 49 more. */
export const MAX_FREE_BUSY_CALENDARS = 50;

/** The freeBusyCalendars settings field: the chosen calendar and at most 49 more per question. */
export const freeBusyCalendarsField = freeBusyCalendarsSetting({
  max: MAX_FREE_BUSY_CALENDARS - 1,
  help: "Calendar ids or room e-mail addresses, separated by commas, such as room-atrium@resource.calendar.google.com. The event form warns when one of them is busy at the chosen time.",
  placeholder: "room-atrium@resource.calendar.google.com",
});
