// The Google tag (gtag.js) for the public event pages, loaded by the consent
// banner only after the visitor accepts. In sandbox mode it comes from the sandbox.
import type { ConnectionMode, PageTag } from "../contract";
import { MEASUREMENT_ID, type Ga4Settings } from "./manifest";

const LIVE_TAG = "https://www.googletagmanager.com/gtag/js";

export function ga4PageTag(connection: { externalAccountId: string | null; mode: ConnectionMode; settings: Ga4Settings }, baseUrl: string): PageTag | null {
  const id = connection.externalAccountId;
  if (!connection.settings.pageTag || !id || !MEASUREMENT_ID.test(id)) return null;
  const src = new URL(connection.mode === "live" ? LIVE_TAG : `${baseUrl.replace(/\/$/, "")}/gtag/js`);
  src.searchParams.set("id", id);
  return {
    vendor: "Google Analytics",
    src: src.toString(),
    queue: "dataLayer",
    commands: [["js", "@now"], ["config", id]],
    visitorCookie: "_ga",
  };
}
