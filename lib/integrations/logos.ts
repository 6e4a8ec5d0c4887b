// Each provider's logo is a logo.svg in its own folder, so adding a provider adds
// no file elsewhere; this reads it for the route that serves it. Only ids of the
// registry are read, so the id cannot name another path.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { findManifest } from "./registry";

/** Where the settings pages load a provider's logo from. */
export function logoUrl(providerId: string): string {
  return `/api/integrations/${encodeURIComponent(providerId)}/logo`;
}

/** The provider's SVG logo, or undefined for an id the registry does not know. */
export async function readLogo(providerId: string): Promise<string | undefined> {
  const manifest = findManifest(providerId);
  if (!manifest) return undefined;
  return readFile(path.join(process.cwd(), "lib", "integrations", manifest.id, "logo.svg"), "utf8");
}
