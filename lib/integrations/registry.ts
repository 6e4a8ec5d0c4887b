// The one list of providers, one line each: its manifest (data, read without
// loading any SDK) and how to load its connector (behaviour, loaded on first use).
// The catalog reads the manifests; the settings pages, the dispatcher, the OAuth
// and webhook routes load connectors. Adding a provider is a folder under
// lib/integrations and one line here.
import type { Connector, Manifest } from "./contract";
import { manifest as cloudinary } from "./cloudinary/manifest";
import { manifest as ga4 } from "./ga4/manifest";
import { manifest as github } from "./github/manifest";
import { manifest as googleCalendar } from "./google-calendar/manifest";
import { manifest as googleDrive } from "./google-drive/manifest";
import { manifest as linkedin } from "./linkedin/manifest";
import { manifest as microsoft365 } from "./microsoft365/manifest";
import { manifest as onedrive } from "./onedrive/manifest";
import { manifest as paypal } from "./paypal/manifest";
import { manifest as payrexx } from "./payrexx/manifest";
import { manifest as quickbooks } from "./quickbooks/manifest";
import { manifest as s3 } from "./s3/manifest";
import { manifest as sendgrid } from "./sendgrid/manifest";
import { manifest as slack } from "./slack/manifest";
import { manifest as stripe } from "./stripe/manifest";
import { manifest as twilio } from "./twilio/manifest";
import { manifest as x } from "./x/manifest";
import { manifest as zoom } from "./zoom/manifest";

interface Provider {
  manifest: Manifest;
  load: () => Promise<Connector>;
}

const providers: readonly Provider[] = [
  { manifest: stripe, load: () => import("./stripe/connector").then((m) => m.connector) },
  { manifest: payrexx, load: () => import("./payrexx/connector").then((m) => m.connector) },
  { manifest: paypal, load: () => import("./paypal/connector").then((m) => m.connector) },
  { manifest: slack, load: () => import("./slack/connector").then((m) => m.connector) },
  { manifest: sendgrid, load: () => import("./sendgrid/connector").then((m) => m.connector) },
  { manifest: twilio, load: () => import("./twilio/connector").then((m) => m.connector) },
  { manifest: googleCalendar, load: () => import("./google-calendar/connector").then((m) => m.connector) },
  { manifest: zoom, load: () => import("./zoom/connector").then((m) => m.connector) },
  { manifest: microsoft365, load: () => import("./microsoft365/connector").then((m) => m.connector) },
  { manifest: github, load: () => import("./github/connector").then((m) => m.connector) },
  { manifest: quickbooks, load: () => import("./quickbooks/connector").then((m) => m.connector) },
  { manifest: s3, load: () => import("./s3/connector").then((m) => m.connector) },
  { manifest: googleDrive, load: () => import("./google-drive/connector").then((m) => m.connector) },
  { manifest: onedrive, load: () => import("./onedrive/connector").then((m) => m.connector) },
  { manifest: cloudinary, load: () => import("./cloudinary/connector").then((m) => m.connector) },
  { manifest: ga4, load: () => import("./ga4/connector").then((m) => m.connector) },
  { manifest: x, load: () => import("./x/connector").then((m) => m.connector) },
  { manifest: linkedin, load: () => import("./linkedin/connector").then((m) => m.connector) },
];

/** Every provider's manifest, in catalog order. */
export const manifests: readonly Manifest[] = providers.map((p) => p.manifest);

export function findManifest(id: string): Manifest | undefined {
  return manifests.find((m) => m.id === id);
}

const loaded = new Map<string, Promise<Connector>>();

/** The provider's connector, loaded once per process; undefined for an unknown id. */
export function loadConnector(id: string): Promise<Connector | undefined> {
  const provider = providers.find((p) => p.manifest.id === id);
  if (!provider) return Promise.resolve(undefined);
  let connector = loaded.get(id);
  if (!connector) {
    // A failed load is not kept, so the next use tries again.
    connector = provider.load().catch((err: unknown) => {
      loaded.delete(id);
      throw err;
    });
    loaded.set(id, connector);
  }
  return connector;
}

/** Every connector, in catalog order. */
export async function loadConnectors(): Promise<Connector[]> {
  return Promise.all(providers.map((p) => loadConnector(p.manifest.id) as Promise<Connector>));
}
