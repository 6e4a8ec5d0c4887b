// A real SMTP server (smtp-server) for the platform mailer in demo mode, parsing
// what it accepts with mailparser. It asks for AUTH (PLAIN or LOGIN) with the
// demo credentials and refuses others with 535; without TLS, since it listens on
// the sandbox's own loopback host. What it accepts goes into the sandbox state,
// shown on the inbox page and in inbox.json.
import { timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import type { Runtime } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { MAX_KEPT, MAX_MESSAGE_BYTES, SMTP_STATE, type SmtpAddress } from "./state";

export interface SmtpCredentials {
  user: string;
  password: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An error smtp-server answers with this reply code. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function addresses(v: AddressObject | AddressObject[] | undefined): SmtpAddress[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.flatMap((o) => o.value).flatMap((a) => (a.address ? [{ ...(a.name ? { name: a.name } : {}), email: a.address }] : []));
}

function envelopeAddress(a: SMTPServerAddress | false): string | null {
  return a ? a.address : null;
}

export async function startSmtpServer(rt: Runtime, opts: { host: string; port: number; credentials: SmtpCredentials }): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    name: "sandbox.switchboard.localhost",
    banner: "Switchboard sandbox SMTP (mail is kept for the inbox page, never delivered)",
    secure: false,
    disabledCommands: ["STARTTLS"],
    // Loopback only, and demo credentials: AUTH over plain text is what a local test server does.
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    size: MAX_MESSAGE_BYTES,
    maxClients: 20,
    // stop() must not wait long for a client that keeps its connection open.
    closeTimeout: 1000,
    logger: false,
    onAuth(auth, _session, callback) {
      if (typeof auth.username === "string" && typeof auth.password === "string" && same(auth.username, opts.credentials.user) && same(auth.password, opts.credentials.password)) {
        return callback(null, { user: auth.username });
      }
      SMTP_STATE.of(rt).authFailures++;
      callback(reply(535, "5.7.8 Authentication credentials invalid"));
    },
    onMailFrom(_address, _session, callback) {
      const state = SMTP_STATE.of(rt);
      const refusal = state.refusal;
      if (refusal && refusal.remaining > 0) {
        refusal.remaining--;
        if (refusal.remaining === 0) state.refusal = null;
        return callback(reply(refusal.code, refusal.message));
      }
      callback();
    },
    onData(stream, session, callback) {
      // Captured once, so a reset during a transfer cannot mix old and new state.
      const state = SMTP_STATE.of(rt);
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
      simpleParser(stream)
        .then((mail) => {
          if (stream.sizeExceeded) return callback(reply(552, `5.3.4 Message too big: at most ${MAX_MESSAGE_BYTES} bytes`));
          state.mails.push({
            seq: state.nextSeq++,
            receivedAt: new Date(rt.clock.now()).toISOString(),
            authUser: typeof session.user === "string" ? session.user : null,
            envelope: { from: envelopeAddress(session.envelope.mailFrom), to: session.envelope.rcptTo.map((a) => a.address) },
            from: addresses(mail.from)[0] ?? null,
            to: addresses(mail.to),
            cc: addresses(mail.cc),
            subject: mail.subject ?? null,
            messageId: mail.messageId ?? null,
            date: mail.date?.toISOString() ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === "string" ? mail.html : null,
            bytes,
          });
          keepLatest(state.mails, MAX_KEPT);
          callback();
        })
        .catch((err: Error) => callback(reply(451, `4.3.0 Could not read the message: ${err.message}`)));
    },
  });
  server.on("error", (err) => rt.log(`smtp: ${err.message}`));

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

