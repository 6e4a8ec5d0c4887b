// The sandbox's SMTP server, as the platform mailer meets it in demo mode: a
// message sent through nodemailer with the credentials the sandbox hands the app
// is parsed and listed in inbox.json and on the inbox page (HTML escaped, its
// body in a sandboxed frame); wrong credentials get 535 and nothing is kept; a
// message over the size limit gets 552; a refusal asked for through the control
// API answers the next message with that code, then lets mail through again.
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailerConfig, type MailerConfig } from "../../lib/mailer/config";
import { MailSendError } from "../../lib/mailer/errors";
import { sendPlatformMail } from "../../lib/mailer/send";
import { sandboxAppEnv, type Sandbox } from "../../sandbox/server";
import type { SmtpMail } from "../../sandbox/smtp/state";
import { control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
let config: MailerConfig;
beforeAll(async () => {
  sb = await startTestSandbox();
  config = mailerConfig(sandboxAppEnv(sb, {}))!;
});
afterAll(async () => {
  await sb?.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
});

async function smtpInbox(): Promise<{ mails: SmtpMail[]; authFailures: number }> {
  return (await control<{ smtp: { mails: SmtpMail[]; authFailures: number } }>(sb, "GET", "inbox.json")).body.smtp;
}

async function failureOf(p: Promise<unknown>): Promise<MailSendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MailSendError);
  return err as MailSendError;
}

describe("the SMTP listener", () => {
  it("is reported with the variables the app sets, and only when the operator set none of them", () => {
    const smtp = sb.listeners.find((l) => l.module === "smtp")!;
    expect(smtp.describe).toMatch(/^SMTP server for platform mail at 127\.0\.0\.1:\d+/);
    expect(Object.keys(smtp.appEnv).sort()).toEqual(["SMTP_FROM", "SMTP_HOST", "SMTP_PASSWORD", "SMTP_PORT", "SMTP_USER"]);
    expect(smtp.describe).not.toContain(smtp.appEnv.SMTP_PASSWORD);
    expect(config).toMatchObject({ host: "127.0.0.1", port: Number(smtp.appEnv.SMTP_PORT), secure: false, requireTls: false });
    // An operator's own SMTP_HOST is never mixed with the sandbox's port and password.
    expect(sandboxAppEnv(sb, { SMTP_HOST: "smtp.example.test" })).toEqual({});
  });
});

describe("receiving", () => {
  it("parses a message sent through nodemailer and lists it in inbox.json", async () => {
    const sent = await sendPlatformMail(config, { to: ["owner@example.test", "admin@example.test"], subject: "Webhook endpoint disabled: https://hooks.example.test/x", text: "Fix the receiver.\nThen replay.", html: "<p>Fix the <b>receiver</b>.</p>" });
    const { mails } = await smtpInbox();
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.subject).toBe("Webhook endpoint disabled: https://hooks.example.test/x");
    expect(m.from).toEqual({ name: "Switchboard", email: "notices@switchboard.localhost" });
    expect(m.to.map((a) => a.email)).toEqual(["owner@example.test", "admin@example.test"]);
    expect(m.envelope).toEqual({ from: "notices@switchboard.localhost", to: ["owner@example.test", "admin@example.test"] });
    expect(m.authUser).toBe(config.auth!.user);
    expect(m.text).toBe("Fix the receiver.\nThen replay.");
    expect(m.html).toContain("<b>receiver</b>");
    expect(m.messageId).toBe(sent.messageId);
    expect(Date.parse(m.receivedAt)).not.toBeNaN();
    expect(m.bytes).toBeGreaterThan(0);
  });

  it("shows the mail on the inbox page, HTML bodies only inside a sandboxed frame", async () => {
    await sendPlatformMail(config, { to: ["owner@example.test"], subject: "Alert <script>alert(1)</script>", text: "plain part", html: "<p onclick=x>html part</p>" });
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain('id="platform-mail"');
    expect(page).toContain("Platform mail");
    expect(page).toContain("Alert &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toMatch(/<iframe class="mail-body" sandbox="" srcdoc="&lt;p onclick=x&gt;html part&lt;\/p&gt;/);
    expect(page).toContain("notices@switchboard.localhost");
  });
});

describe("refusals", () => {
  it("refuses wrong credentials with 535 and keeps nothing", async () => {
    const failure = await failureOf(sendPlatformMail({ ...config, auth: { user: config.auth!.user, pass: "wrong-password" } }, { to: ["owner@example.test"], subject: "s", text: "t" }));
    expect(failure.failure).toMatchObject({ permanent: true, responseCode: 535 });
    const noUser = await failureOf(sendPlatformMail({ ...config, auth: { user: "someone-else", pass: config.auth!.pass } }, { to: ["owner@example.test"], subject: "s", text: "t" }));
    expect(noUser.failure.responseCode).toBe(535);
    const inbox = await smtpInbox();
    expect(inbox.mails).toHaveLength(0);
    expect(inbox.authFailures).toBe(2);
  });

  it("refuses mail without signing in", async () => {
    const { auth: _auth, ...anonymous } = config;
    const failure = await failureOf(sendPlatformMail(anonymous, { to: ["owner@example.test"], subject: "s", text: "t" }));
    expect(failure.failure.responseCode).toBe(530);
    expect((await smtpInbox()).mails).toHaveLength(0);
  });

  it("refuses a message over the size limit with 552", async () => {
    // Sent without the SIZE declaration nodemailer would make, so the server's own check answers.
    const transport = nodemailer.createTransport({ host: config.host, port: config.port, auth: config.auth, ignoreTLS: true });
    const err = (await transport.sendMail({ from: config.from, to: "owner@example.test", subject: "big", text: "x".repeat(1024 * 1024 + 10) }).then(
      () => undefined,
      (e: unknown) => e,
    )) as { responseCode?: number } | undefined;
    transport.close();
    expect(err?.responseCode).toBe(552);
    expect((await smtpInbox()).mails).toHaveLength(0);
  });

  it("answers the next messages with a refusal asked for, then accepts again", async () => {
    const bad = await control(sb, "POST", "smtp/refuse", { code: 399 });
    expect(bad.status).toBe(400);
    expect((await control(sb, "POST", "smtp/refuse", { code: 451, times: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const failure = await failureOf(sendPlatformMail(config, { to: ["owner@example.test"], subject: `try ${i}`, text: "t" }));
      expect(failure.failure).toMatchObject({ permanent: false, responseCode: 451 });
    }
    await sendPlatformMail(config, { to: ["owner@example.test"], subject: "third try", text: "t" });
    expect((await smtpInbox()).mails.map((m) => m.subject)).toEqual(["third try"]);
  });

  it("needs the control token to ask for a refusal", async () => {
    const res = await fetch(`${sb.url}/_sandbox/smtp/refuse`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: 451 }) });
    expect(res.status).toBe(401);
  });
});
