// The sandbox's shared calendar week view, as a browser test reads and edits it:
// an entry by provider and title, and a person's edit "made in the calendar",
// which the sandbox turns into the provider's own notifications to the app.
import { expect, type APIRequestContext } from "@playwright/test";
import { SANDBOX_CONTROL_TOKEN, SANDBOX_URL } from "../../playwright.config";

export interface SandboxWeekEntry {
  id: string;
  provider: string;
  title: string;
  start: string;
  end: string;
  joinUrl?: string;
  cancelled?: boolean;
}

const headers = { "x-sandbox-control-token": SANDBOX_CONTROL_TOKEN };

/** The live entry of that title in the provider's calendar ("Google Calendar", "Outlook"). */
export async function calendarEntry(request: APIRequestContext, provider: string, title: string): Promise<SandboxWeekEntry | undefined> {
  const res = await request.get(`${SANDBOX_URL}/_sandbox/calendar/entries`, { headers });
  return ((await res.json()) as { entries: SandboxWeekEntry[] }).entries.find((e) => e.provider === provider && e.title === title);
}

export async function editInCalendar(request: APIRequestContext, entryId: string, change: Record<string, unknown>): Promise<void> {
  const res = await request.post(`${SANDBOX_URL}/_sandbox/calendar/entries/${encodeURIComponent(entryId)}/edit`, { headers, data: change });
  expect(res.status(), await res.text()).toBeLessThan(300);
}
