// The catalog lists providers from their manifests alone: reading them must not
// load any provider SDK. Each SDK is replaced by a module that throws when it is
// loaded, so a manifest (or the registry, or the catalog's view) that imports one
// fails here; loading a connector is the positive control.
import { describe, expect, it, vi } from "vitest";

const sdkLoaded = (name: string) => () => {
  throw new Error(`loaded ${name}`);
};
vi.mock("stripe", sdkLoaded("stripe"));
vi.mock("googleapis", sdkLoaded("googleapis"));
vi.mock("@slack/web-api", sdkLoaded("@slack/web-api"));
vi.mock("@sendgrid/client", sdkLoaded("@sendgrid/client"));
vi.mock("@sendgrid/mail", sdkLoaded("@sendgrid/mail"));

describe("provider manifests", () => {
  it("are read, with the catalog's view, without loading any provider SDK", async () => {
    const { manifests, findManifest } = await import("@/lib/integrations/registry");
    await import("@/lib/integrations/views");
    expect(manifests.map((m) => m.id)).toEqual(["stripe", "payrexx", "paypal", "slack", "sendgrid", "google-calendar"]);
    expect(findManifest("sendgrid")?.name).toBe("SendGrid");
  });

  it("load a connector, and its SDK, only when asked for", async () => {
    const { loadConnector } = await import("@/lib/integrations/registry");
    await expect(loadConnector("slack")).rejects.toThrow(/loaded @slack\/web-api/);
    await expect(loadConnector("stripe")).rejects.toThrow(/loaded stripe/);
    expect(await loadConnector("no-such-provider")).toBeUndefined();
  });

  it("describe each form field once, in the schema's .meta", async () => {
    const { findManifest } = await import("@/lib/integrations/registry");
    const { credentialFields, settingsFields } = await import("@/lib/integrations/forms");
    expect(credentialFields(findManifest("stripe")!).map((f) => [f.name, f.label, f.type, f.required])).toEqual([
      ["secretKey", "Secret key", "secret", true],
      ["publishableKey", "Publishable key", "text", true],
      ["webhookSecret", "Webhook signing secret (optional)", "secret", false],
    ]);
    expect(settingsFields(findManifest("sendgrid")!).map((f) => [f.name, f.type, f.default])).toEqual([
      ["fromEmail", "email", ""],
      ["fromName", "text", ""],
      ["sendConfirmations", "checkbox", true],
    ]);
    expect(settingsFields(findManifest("google-calendar")!).map((f) => [f.label, f.type])).toEqual([
      ["Calendar", "select"],
      ["Add attendees as guests", "checkbox"],
      ["Reminders (minutes before)", "text"],
    ]);
    // OAuth connections store tokens; there is nothing for the admin to type.
    expect(credentialFields(findManifest("slack")!)).toEqual([]);
  });
});
