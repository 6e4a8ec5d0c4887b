// `npm start` lets the app it starts deliver webhooks to the sandbox's receiver:
// the sandbox's host:port is appended to SWITCHBOARD_WEBHOOK_ALLOW_HOSTS, after
// whatever the operator (or playwright.config.ts) already allows, never instead.

/** The allow-list with the sandbox's host:port added, once. */
export function withSandboxAllowed(current: string | undefined, sandboxUrl: string): string {
  const host = new URL(sandboxUrl).host; // "127.0.0.1:4010", "[::1]:4010"
  const entries = (current ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  if (!entries.includes(host)) entries.push(host);
  return entries.join(",");
}
