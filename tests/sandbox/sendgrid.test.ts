import { Client } from "@sendgrid/client";
import { MailService, type ResponseError } from "@sendgrid/mail";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
const KEY = "SG.sandbox-key.s3cr3t-value";

/** As the connector builds them: the key first, since setApiKey resets the base URL. */
function sendgrid(key = KEY) {
  const client = new Client();
  client.setApiKey(key);
  client.setDefaultRequest("baseUrl", `${sb.url}/sendgrid/`);
  const mail = new MailService();
  mail.setClient(client);
  return { client, mail };
}

async function failure(call: Promise<unknown>): Promise<{ code: number; body: { errors: Array<{ message: string; field: string | null; help?: string }> }; headers: Record<string, string> }> {
  const err = (await call.then(() => null, (e: unknown) => e)) as ResponseError | null;
  if (!err) throw new Error("expected the call to fail");
  return { code: err.code, body: err.response.body as never, headers: err.response.headers as never };
}

const ICS = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:launch@switchboard", "DTSTART:20300101T100000Z", "SUMMARY:Launch", "END:VEVENT", "END:VCALENDAR"].join("\r\n");

const message = {
  to: { email: "ana@example.com", name: "Ana" },
  from: { email: "tickets@switchboard.example", name: "Switchboard" },
  subject: "Your ticket for Launch",
  text: "See you there.",
  html: "<p>See you <strong>there</strong>.</p>",
  attachments: [{ content: Buffer.from(ICS).toString("base64"), filename: "launch.ics", type: "text/calendar", disposition: "attachment" }],
};

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => resetSandbox(sb));

describe("SendGrid mail send", () => {
  it("accepts a valid message with 202, an X-Message-Id, and keeps it with its attachment", async () => {
    const [res] = await sendgrid().mail.send(message);
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe("");
    expect(res.headers["x-message-id"]).toMatch(/^[\w-]{16,}$/);
    const inbox = (await control<{ sendgrid: { emails: Array<Record<string, unknown>> } }>(sb, "GET", "inbox.json")).body;
    expect(inbox.sendgrid.emails).toEqual([
      expect.objectContaining({
        messageId: res.headers["x-message-id"],
        from: { email: "tickets@switchboard.example", name: "Switchboard" },
        to: [{ email: "ana@example.com", name: "Ana" }],
        subject: "Your ticket for Launch",
        html: "<p>See you <strong>there</strong>.</p>",
        text: "See you there.",
        attachments: [expect.objectContaining({ filename: "launch.ics", type: "text/calendar", bytes: ICS.length })],
      }),
    ]);
    const url = (inbox.sendgrid.emails[0]!.attachments as Array<{ url: string }>)[0]!.url;
    const file = await fetch(`${sb.url}${url}`);
    expect(file.headers.get("content-type")).toBe("text/calendar");
    expect(await file.text()).toBe(ICS);
  });

  it("refuses a body without personalizations, naming the field", async () => {
    const { code, body } = await failure(
      sendgrid().client.request({ method: "POST", url: "/v3/mail/send", body: { from: { email: "a@example.com" }, subject: "x", content: [{ type: "text/plain", value: "x" }] } }),
    );
    expect(code).toBe(400);
    expect(body.errors).toEqual([
      { field: "personalizations", message: "The personalizations field is required and must have at least one personalization.", help: expect.stringContaining("personalizations") },
    ]);
    expect((await requestsOf(sb, "sendgrid")).at(-1)!.validation.issues).toEqual([expect.objectContaining({ path: "personalizations", rule: "required" })]);
  });

  it("refuses a bad from address, naming from.email", async () => {
    const { code, body } = await failure(sendgrid().mail.send({ ...message, from: "not-an-address" }));
    expect(code).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: "from.email", message: "The from email does not contain a valid address." })]);
  });

  it("refuses what the API refuses beyond its spec: no content, no subject, empty personalizations", async () => {
    const { body } = await failure(
      sendgrid().client.request({ method: "POST", url: "/v3/mail/send", body: { personalizations: [], from: { email: "a@example.com" } } }),
    );
    expect(body.errors.map((e) => e.field)).toEqual(["personalizations", "content", "subject"]);
  });

  it("lists a key's scopes, without mail.send for a restricted key", async () => {
    const [, full] = await sendgrid().client.request({ method: "GET", url: "/v3/scopes" });
    expect(full.scopes).toContain("mail.send");
    const [, restricted] = await sendgrid("SG.nosend-key.abc").client.request({ method: "GET", url: "/v3/scopes" });
    expect(restricted.scopes).not.toContain("mail.send");
    const refused = await failure(sendgrid("SG.nosend-key.abc").mail.send(message));
    expect(refused).toMatchObject({ code: 403, body: { errors: [{ field: null, message: "access forbidden" }] } });
  });

  it("refuses malformed, invalid and revoked keys with 401", async () => {
    const grant = { errors: [{ field: null, message: "The provided authorization grant is invalid, expired, or revoked" }] };
    expect(await failure(sendgrid("not-a-key").client.request({ method: "GET", url: "/v3/scopes" }))).toMatchObject({ code: 401, body: grant });
    expect(await failure(sendgrid("SG.invalid.key").mail.send(message))).toMatchObject({ code: 401, body: grant });
    await sendgrid().mail.send(message);
    expect((await control(sb, "POST", "revoke", { provider: "sendgrid", token: KEY })).body).toEqual({ provider: "sendgrid", revoked: 1 });
    expect(await failure(sendgrid().mail.send(message))).toMatchObject({ code: 401, body: grant });
  });

  it("answers unknown paths with 404 in SendGrid's shape", async () => {
    const { code, body } = await failure(sendgrid().client.request({ method: "GET", url: "/v3/nothing" }));
    expect(code).toBe(404);
    expect(body).toEqual({ errors: [{ field: null, message: "not found" }] });
  });
});
