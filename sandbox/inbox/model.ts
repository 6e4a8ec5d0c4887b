// What each module received, in one JSON document under the modules' names: the
// inbox page's sections read the same state, and tests assert on this
// (GET /_sandbox/inbox.json).
import type { Runtime } from "../core/context";
import type { SandboxModule } from "../core/provider-module";

export function buildInbox(modules: readonly SandboxModule[], rt: Runtime): Record<string, unknown> {
  return Object.fromEntries(modules.flatMap((m) => (m.inbox?.json ? [[m.name, m.inbox.json(m.state.of(rt))]] : [])));
}
