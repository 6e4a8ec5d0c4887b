// The platform mailer's settings from SMTP_*: none set is "not configured", a
// partial or wrong set is an error naming the variable, TLS is implicit on 465
// and STARTTLS is required for any host but a loopback one. SMTP failures are
// classified by the server's reply (4xx retried, 5xx not), and a server that
// accepts the connection but never greets ends the attempt as a retryable
// timeout instead of hanging the job.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMailer, isLoopbackHost, mailerConfig, MailerConfigError } from "../../lib/mailer/config";
import { classifyMailError, MailSendError } from "../../lib/mailer/errors";
import { sendPlatformMail } from "../../lib/mailer/send";

const FULL = { SMTP_HOST: "smtp.example.test", SMTP_PORT: "587", SMTP_USER: "mailer", SMTP_PASSWORD: "fake-password", SMTP_FROM: "Switchboard <alerts@example.test>" };

function configError(env: Record<string, string>): MailerConfigError {
  try {
    mailerConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(MailerConfigError);
    return err as MailerConfigError;
  }
  throw new Error("expected a configuration error");
}

describe("mailerConfig", () => {
  it("is not configured when no SMTP_* is set (blank counts as unset)", () => {
    expect(mailerConfig({})).toBeUndefined();
    expect(mailerConfig({ SMTP_HOST: "  ", SMTP_FROM: "" })).toBeUndefined();
  });

  it("reads a full set, STARTTLS required for a remote host", () => {
    const c = mailerConfig(FULL)!;
    expect(c).toMatchObject({ host: "smtp.example.test", port: 587, secure: false, requireTls: true, auth: { user: "mailer", pass: "fake-password" }, from: FULL.SMTP_FROM });
    expect(c.timeouts.connectionMs).toBeGreaterThan(0);
    expect(c.timeouts.greetingMs).toBeGreaterThan(0);
    expect(c.timeouts.socketMs).toBeGreaterThan(0);
    expect(describeMailer(c)).not.toContain("fake-password");
  });

  it("names the missing variable of a partial set", () => {
    const noHost = configError({ SMTP_PORT: "587", SMTP_FROM: "alerts@example.test" });
    expect(noHost.variable).toBe("SMTP_HOST");
    expect(noHost.message).toMatch(/^SMTP_HOST is not set/);
    expect(noHost.message).toContain("SMTP_PORT, SMTP_FROM are set");

    const noFrom = configError({ SMTP_HOST: "smtp.example.test" });
    expect(noFrom.variable).toBe("SMTP_FROM");
    expect(noFrom.message).toMatch(/^SMTP_FROM is not set/);

    const noPassword = configError({ ...FULL, SMTP_PASSWORD: "" });
    expect(noPassword.variable).toBe("SMTP_PASSWORD");
    expect(noPassword.message).toMatch(/SMTP_PASSWORD is not set, but SMTP_USER is/);

    const noUser = configError({ ...FULL, SMTP_USER: "" });
    expect(noUser.variable).toBe("SMTP_USER");
  });

  it("refuses wrong values, quoting them", () => {
    expect(configError({ ...FULL, SMTP_PORT: "smtp" }).message).toBe('SMTP_PORT must be a port number from 1 to 65535, not "smtp"');
    expect(configError({ ...FULL, SMTP_PORT: "70000" }).variable).toBe("SMTP_PORT");
    expect(configError({ ...FULL, SMTP_FROM: "Switchboard alerts" }).message).toBe('SMTP_FROM must be an e-mail address or "Name <address>", not "Switchboard alerts"');
    expect(configError({ ...FULL, SMTP_SECURE: "yes" }).variable).toBe("SMTP_SECURE");
  });

  it("uses implicit TLS on 465 or with SMTP_SECURE=true, and needs no sign-in for a relay", () => {
    expect(mailerConfig({ ...FULL, SMTP_PORT: "465" })).toMatchObject({ secure: true, requireTls: false });
    expect(mailerConfig({ SMTP_HOST: "smtp.example.test", SMTP_SECURE: "true", SMTP_FROM: "alerts@example.test" })).toMatchObject({ port: 465, secure: true });
    const relay = mailerConfig({ SMTP_HOST: "relay.example.test", SMTP_FROM: "alerts@example.test" })!;
    expect(relay).toMatchObject({ port: 587, secure: false, requireTls: true });
    expect(relay.auth).toBeUndefined();
  });

  it("lets only a loopback server go without TLS", () => {
    for (const h of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["smtp.example.test", "10.0.0.5", "localhost.example.test", "128.0.0.1"]) expect(isLoopbackHost(h)).toBe(false);
    expect(mailerConfig({ ...FULL, SMTP_HOST: "127.0.0.1" })!.requireTls).toBe(false);
  });
});

describe("classifyMailError", () => {
  it("retries 4xx replies and gives up on 5xx", () => {
    const greylisted = classifyMailError({ code: "EENVELOPE", responseCode: 451, response: "451 4.7.1 Try again later", command: "MAIL FROM" });
    expect(greylisted).toMatchObject({ permanent: false, responseCode: 451 });
    expect(greylisted.message).toBe("the SMTP server answered 451 4.7.1 Try again later to MAIL");
    expect(classifyMailError({ code: "EAUTH", responseCode: 535, response: "535 5.7.8 Authentication credentials invalid", command: "AUTH PLAIN" })).toMatchObject({ permanent: true, responseCode: 535 });
    expect(classifyMailError({ code: "EMESSAGE", responseCode: 552, response: "552 too big" })).toMatchObject({ permanent: true });
  });

  it("retries a connection that failed, timed out or dropped, not a message or TLS failure", () => {
    expect(classifyMailError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ESOCKET" })).permanent).toBe(false);
    expect(classifyMailError(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT" })).permanent).toBe(false);
    expect(classifyMailError(Object.assign(new Error("Connection closed"), { code: "ECONNECTION" })).permanent).toBe(false);
    expect(classifyMailError(Object.assign(new Error("Can't send mail - no recipients defined"), { code: "EENVELOPE" })).permanent).toBe(true);
    expect(classifyMailError(Object.assign(new Error("Email not sent: STARTTLS not offered"), { code: "ETLS" })).permanent).toBe(true);
  });
});

describe("an SMTP server that accepts the connection and never answers", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it("ends the attempt at the greeting timeout as a failure to retry", async () => {
    const config = mailerConfig({ SMTP_HOST: "127.0.0.1", SMTP_PORT: String((silent.address() as AddressInfo).port), SMTP_FROM: "alerts@example.test" })!;
    config.timeouts = { connectionMs: 500, greetingMs: 300, socketMs: 500 };
    const started = Date.now();
    const err = await sendPlatformMail(config, { to: ["admin@example.test"], subject: "s", text: "t" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailSendError);
    expect((err as MailSendError).failure.permanent).toBe(false);
    expect((err as MailSendError).failure.message).toMatch(/greeting|timed? ?out/i);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
