// The catalog lists providers from their manifests alone: reading them must not
// load any provider SDK. Each SDK is replaced by a module that records that it was
// loaded; loading a connector is the positive control.
import { describe, expect, it, vi } from "vitest";

// vi.mock is hoisted above every declaration, so what the factories share comes from vi.hoisted.
const { loaded, sdk } = vi.hoisted(() => {
  const loaded: string[] = [];
  return { loaded, sdk: (name: string, module: Record<string, unknown> = {}) => () => (loaded.push(name), module) };
});
vi.mock("stripe", sdk("stripe"));
vi.mock("googleapis", sdk("googleapis"));
vi.mock("googleapis/build/src/apis/calendar", sdk("googleapis/build/src/apis/calendar"));
vi.mock("googleapis/build/src/apis/drive", sdk("googleapis/build/src/apis/drive"));
vi.mock("@slack/web-api", sdk("@slack/web-api", { WebClient: class {} }));
vi.mock("@sendgrid/client", sdk("@sendgrid/client"));
vi.mock("@sendgrid/mail", sdk("@sendgrid/mail"));
vi.mock("twilio", sdk("twilio"));
vi.mock("@microsoft/microsoft-graph-client", sdk("@microsoft/microsoft-graph-client"));
vi.mock("@octokit/app", sdk("@octokit/app"));
vi.mock("@octokit/rest", sdk("@octokit/rest"));
vi.mock("@octokit/webhooks", sdk("@octokit/webhooks"));
vi.mock("cloudinary", sdk("cloudinary"));
vi.mock("@aws-sdk/client-s3", sdk("@aws-sdk/client-s3"));
vi.mock("@aws-sdk/s3-request-presigner", sdk("@aws-sdk/s3-request-presigner"));

describe("provider manifests", () => {
  it("are read, with the catalog's view, without loading any provider SDK", async () => {
    const { manifests, findManifest } = await import("@/lib/integrations/registry");
    await import("@/lib/integrations/views");
    expect(manifests.map((m) => m.id)).toEqual(["stripe", "payrexx", "paypal", "slack", "sendgrid", "twilio", "google-calendar", "zoom", "microsoft365", "github", "quickbooks", "s3", "google-drive", "onedrive", "cloudinary", "ga4", "x", "linkedin"]);
    expect(loaded).toEqual([]);
    expect(findManifest("sendgrid")?.name).toBe("SendGrid");
  });

  it("load a connector, and its SDK, only when asked for", async () => {
    const { loadConnector } = await import("@/lib/integrations/registry");
    expect((await loadConnector("slack"))?.name).toBe("Slack");
    expect(loaded).toEqual(["@slack/web-api"]);
    expect(await loadConnector("slack")).toBe(await loadConnector("slack"));
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
      ["confirmationTemplateId", "select", ""],
      ["sendReminders", "checkbox", true],
      ["reminderTemplateId", "select", ""],
    ]);
    // Leaving a template select empty means our own template, and says so.
    expect(settingsFields(findManifest("sendgrid")!).filter((f) => f.type === "select").map((f) => f.emptyChoice)).toEqual([
      "Switchboard's template (edited below)",
      "Switchboard's template (edited below)",
    ]);
    expect(settingsFields(findManifest("google-calendar")!).map((f) => [f.label, f.type])).toEqual([
      ["Calendar", "select"],
      ["Also check these calendars for conflicts (rooms, resources)", "text"],
      ["Add attendees as guests", "checkbox"],
      ["Reminders (minutes before)", "text"],
      ["When an entry is changed in the calendar", "select"],
    ]);
    // An enum's choices read as sentences, not as the stored values.
    expect(settingsFields(findManifest("google-calendar")!).find((f) => f.name === "twoWaySync")).toMatchObject({
      default: "switchboard",
      choices: [
        { value: "off", label: "Ignore it" },
        { value: "switchboard", label: "Switchboard wins: put it back" },
        { value: "calendar", label: "Calendar wins: update the event" },
      ],
    });
    // OAuth connections store tokens; there is nothing for the admin to type.
    expect(credentialFields(findManifest("slack")!)).toEqual([]);
  });
});
