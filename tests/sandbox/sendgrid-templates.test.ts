// The sandbox's SendGrid transactional templates: listing as SendGrid pages them,
// and mail sent with a dynamic template rendered into the inbox.
import { Client } from "@sendgrid/client";
import { MailService, type ResponseError } from "@sendgrid/mail";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const KEY = "SG.sandbox-key.templates-test";
const OTHER_KEY = "SG.other-account.templates-test";

function sendgrid(key = KEY) {
  const client = new Client();
  client.setApiKey(key);
  client.setDefaultRequest("baseUrl", `${sb.url}/sendgrid/`);
  const mail = new MailService();
  mail.setClient(client);
  return { client, mail };
}

interface Listed {
  result: Array<{ id: string; name: string; generation: string; updated_at: string; versions: Array<Record<string, unknown>> }>;
  _metadata: { self: string; next?: string; prev?: string; count: number };
}

async function list(query: Record<string, string | number>, key = KEY): Promise<Listed> {
  const [, body] = await sendgrid(key).client.request({ method: "GET", url: "/v3/templates", qs: query });
  return body as Listed;
}

async function failure(call: Promise<unknown>) {
  const err = (await call.then(() => null, (e: unknown) => e)) as ResponseError | null;
  if (!err) throw new Error("expected the call to fail");
  return { code: err.code, body: err.response.body as unknown as { errors: Array<{ field: string | null; message: string }> } };
}

async function templateNamed(name: string, key = KEY) {
  const found = (await list({ generations: "legacy,dynamic", page_size: 200 }, key)).result.find((t) => t.name === name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
}

const confirmationData = {
  buyer_name: "Ana <Example>",
  event_title: "Rock & Roll Night",
  event_when: "15 Dec 2026, 18:00 (Europe/Zurich)",
  event_venue: "Kongresshaus",
  event_url: "https://example.com/e/rock",
  tickets: "2 × General",
  order_total: "CHF 40.00",
};

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

describe("SendGrid templates in the sandbox", () => {
  it("lists only dynamic templates when asked, each with its versions but not their content", async () => {
    const body = await list({ generations: "dynamic", page_size: 50 });
    expect(body.result.map((t) => t.name)).toEqual(["Ticket confirmation (branded)", "Event reminder (branded)", "Spring newsletter (draft)"]);
    for (const t of body.result) {
      expect(t.id).toMatch(/^d-[0-9a-f]{32}$/);
      expect(t.generation).toBe("dynamic");
      expect(t.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const confirmation = body.result[0]!;
    expect(confirmation.versions.map((v) => v.active)).toEqual([0, 1]);
    expect(confirmation.versions[1]).toMatchObject({ template_id: confirmation.id, subject: "{{{event_title}}}: your tickets are confirmed" });
    expect(confirmation.versions[1]).not.toHaveProperty("html_content");
    expect(body._metadata).toMatchObject({ count: 3 });
    expect(body._metadata.next).toBeUndefined();
    // Without generations SendGrid lists the legacy ones only.
    expect((await list({ page_size: 50 })).result.map((t) => t.name)).toEqual(["Plain receipt (legacy)"]);
  });

  it("pages with page_size and the page_token of _metadata.next", async () => {
    const first = await list({ generations: "legacy,dynamic", page_size: 3 });
    expect(first.result).toHaveLength(3);
    expect(first._metadata.count).toBe(4);
    const next = new URL(first._metadata.next!);
    expect(next.searchParams.get("page_size")).toBe("3");
    const second = await list({ generations: "legacy,dynamic", page_size: 3, page_token: next.searchParams.get("page_token")! });
    expect(second.result.map((t) => t.name)).toEqual(["Plain receipt (legacy)"]);
    expect(second._metadata.next).toBeUndefined();
    expect(second._metadata.prev).toBeDefined();
  });

  it("refuses a missing or out-of-range page_size and an unknown generation, naming the field", async () => {
    expect(await failure(sendgrid().client.request({ method: "GET", url: "/v3/templates", qs: { generations: "dynamic" } }))).toMatchObject({
      code: 400,
      body: { errors: [{ field: "page_size", message: expect.stringContaining("page_size is required") }] },
    });
    expect(await failure(sendgrid().client.request({ method: "GET", url: "/v3/templates", qs: { page_size: 201 } }))).toMatchObject({
      code: 400,
      body: { errors: [{ field: "page_size", message: "page_size must be between 1 and 200" }] },
    });
    expect(await failure(sendgrid().client.request({ method: "GET", url: "/v3/templates", qs: { page_size: 10, generations: "modern" } }))).toMatchObject({
      code: 400,
      body: { errors: [{ field: "generations" }] },
    });
    const logged = (await requestsOf(sb, "sendgrid")).at(-1)!;
    expect(logged.operation).toBe("sendgrid ListTemplate");
    expect(logged.validation).toMatchObject({ checked: true, issues: [expect.objectContaining({ location: "query", path: "generations" })], notes: [expect.stringContaining("no API description of the Templates API")] });
  });

  it("refuses a key without templates.read with 403, as SendGrid does a key made for Mail Send only", async () => {
    const mailOnly = "SG.notemplates-key.templates-test";
    const [, scopes] = await sendgrid(mailOnly).client.request({ method: "GET", url: "/v3/scopes" });
    expect(scopes.scopes).toContain("mail.send");
    expect(scopes.scopes).not.toContain("templates.read");
    expect(await failure(sendgrid(mailOnly).client.request({ method: "GET", url: "/v3/templates", qs: { page_size: 10 } }))).toMatchObject({
      code: 403,
      body: { errors: [{ field: null, message: "access forbidden" }] },
    });
    expect((await sendgrid(KEY).client.request({ method: "GET", url: "/v3/scopes" }))[1].scopes).toContain("templates.read");
  });

  it("refuses a revoked key, and keeps each account's templates apart", async () => {
    const mine = await templateNamed("Ticket confirmation (branded)");
    const theirs = await templateNamed("Ticket confirmation (branded)", OTHER_KEY);
    expect(theirs.id).not.toBe(mine.id);
    await control(sb, "POST", "revoke", { provider: "sendgrid", token: OTHER_KEY });
    expect((await failure(sendgrid(OTHER_KEY).client.request({ method: "GET", url: "/v3/templates", qs: { page_size: 10 } }))).code).toBe(401);
  });

  it("sends with a dynamic template: the active version rendered per personalization, escaped, with attachments and custom args kept", async () => {
    const template = await templateNamed("Ticket confirmation (branded)");
    const [res] = await sendgrid().mail.send({
      from: { email: "tickets@switchboard.example" },
      templateId: template.id,
      personalizations: [
        { to: [{ email: "ana@example.com" }], dynamicTemplateData: confirmationData },
        { to: [{ email: "ben@example.com" }], dynamicTemplateData: { ...confirmationData, buyer_name: "Ben", event_url: "" } },
      ],
      attachments: [{ content: Buffer.from("BEGIN:VCALENDAR").toString("base64"), filename: "event.ics", type: "text/calendar", disposition: "attachment" }],
      customArgs: { order_id: "order-1" },
      hideWarnings: true,
    });
    expect(res.statusCode).toBe(202);
    const emails = (await control<{ sendgrid: { emails: Array<Record<string, any>> } }>(sb, "GET", "inbox.json")).body.sendgrid.emails;
    expect(emails).toHaveLength(2);
    const [ana, ben] = emails;
    // The subject's triple braces leave "&" alone; the body's double braces escape it.
    expect(ana!.subject).toBe("Rock & Roll Night: your tickets are confirmed");
    expect(ana!.html).toContain("<h1>Thanks, Ana &lt;Example&gt;!</h1>");
    expect(ana!.html).toContain("<strong>Rock &amp; Roll Night</strong>");
    expect(ana!.html).toContain('<a href="https://example.com/e/rock">Event page</a>');
    expect(ana!.html).not.toContain("Old draft");
    expect(ana).toMatchObject({ templateId: template.id, dynamicTemplateData: confirmationData, attachments: [expect.objectContaining({ filename: "event.ics" })] });
    expect(ben!.html).toContain("Thanks, Ben!");
    expect(ben!.html).not.toContain("Event page");
    const stored = (await requestsOf(sb, "sendgrid")).at(-1)!;
    expect(stored.validation.issues).toEqual([]);
    // The inbox page shows the rendered mail.
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain("Rock &amp; Roll Night: your tickets are confirmed");
    expect(page).toContain(template.id);
  });

  it("refuses a template id the account does not have, a deleted one, and one without an active version, with 400 on template_id", async () => {
    const base = { from: { email: "tickets@switchboard.example" }, to: { email: "ana@example.com" }, dynamicTemplateData: confirmationData, hideWarnings: true };
    const theirs = await templateNamed("Ticket confirmation (branded)", OTHER_KEY);
    const unknown = await failure(sendgrid().mail.send({ ...base, templateId: theirs.id }));
    expect(unknown).toMatchObject({ code: 400, body: { errors: [{ field: "template_id", message: expect.stringContaining("must be a valid template id for your account") }] } });

    const mine = await templateNamed("Ticket confirmation (branded)");
    const [deleted] = await sendgrid().client.request({ method: "DELETE", url: `/v3/templates/${mine.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await failure(sendgrid().client.request({ method: "GET", url: `/v3/templates/${mine.id}` }))).code).toBe(404);
    expect((await failure(sendgrid().mail.send({ ...base, templateId: mine.id }))).body.errors[0]).toMatchObject({ field: "template_id" });
    expect((await list({ generations: "dynamic", page_size: 50 })).result.map((t) => t.id)).not.toContain(mine.id);

    const draft = await templateNamed("Spring newsletter (draft)");
    expect((await failure(sendgrid().mail.send({ ...base, templateId: draft.id }))).body.errors[0]).toMatchObject({ field: "template_id", message: expect.stringContaining("no active version") });
    expect((await control<{ sendgrid: { emails: unknown[] } }>(sb, "GET", "inbox.json")).body.sendgrid.emails).toEqual([]);
  });

  it("creates a template without versions, refusing one without a name, up to 300 an account", async () => {
    const [res, created] = await sendgrid().client.request({ method: "POST", url: "/v3/templates", body: { name: "Autumn gala", generation: "dynamic" } });
    expect(res.statusCode).toBe(201);
    expect(created).toMatchObject({ id: expect.stringMatching(/^d-[0-9a-f]{32}$/), name: "Autumn gala", generation: "dynamic", versions: [] });
    expect((await list({ generations: "dynamic", page_size: 50 })).result.map((t) => t.id)).toContain(created.id);
    expect(await failure(sendgrid().client.request({ method: "POST", url: "/v3/templates", body: { generation: "dynamic" } }))).toMatchObject({
      code: 400,
      body: { errors: [{ field: "name", message: "name is required" }] },
    });
    // A template without an active version cannot be sent with.
    expect((await failure(sendgrid().mail.send({ from: { email: "a@example.com" }, to: { email: "b@example.com" }, templateId: created.id }))).body.errors[0]).toMatchObject({ field: "template_id" });
    for (let n = 6; n <= 300; n++) await sendgrid().client.request({ method: "POST", url: "/v3/templates", body: { name: `T${n}`, generation: "dynamic" } });
    expect((await list({ generations: "legacy,dynamic", page_size: 1 }))._metadata.count).toBe(300);
    expect((await failure(sendgrid().client.request({ method: "POST", url: "/v3/templates", body: { name: "One too many", generation: "dynamic" } }))).body.errors[0]!.message).toContain("at most 300");
  });

  it("serves one template with its versions' content", async () => {
    const reminder = await templateNamed("Event reminder (branded)");
    const [, body] = await sendgrid().client.request({ method: "GET", url: `/v3/templates/${reminder.id}` });
    expect(body).toMatchObject({ id: reminder.id, generation: "dynamic", versions: [expect.objectContaining({ active: 1, html_content: expect.stringContaining("{{attendee_name}}") })] });
  });
});
