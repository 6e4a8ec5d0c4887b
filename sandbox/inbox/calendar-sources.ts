// The calendar providers among the modules (those with a `calendar` member), each
// with its state, for the week view and the edit control.
import type { CalendarHook, WeekEntry } from "../core/calendar-week";
import type { Runtime } from "../core/context";
import type { SandboxModule } from "../core/provider-module";

export interface CalendarSource {
  name: string;
  hook: CalendarHook<unknown>;
  state: unknown;
}

export function calendarSources(modules: readonly SandboxModule[], rt: Runtime): CalendarSource[] {
  return modules.flatMap((m) => {
    const hook = "calendar" in m ? (m.calendar as CalendarHook<unknown> | undefined) : undefined;
    return hook ? [{ name: m.name, hook, state: m.state.of(rt) }] : [];
  });
}

export function allEntries(sources: CalendarSource[]): WeekEntry[] {
  return sources.flatMap((s) => s.hook.entries(s.state));
}
