// Not a provider: the platform's own mailer (lib/mailer) talks SMTP to whatever
// SMTP_* names, and in demo mode that is this module's SMTP server, started with
// the sandbox on a port it picks (SANDBOX_SMTP_PORT fixes one). Its credentials
// are SANDBOX_SMTP_USER / SANDBOX_SMTP_PASSWORD, or a demo user and a password
// made for this run; `npm start` hands them to the app as SMTP_*.
import { randomBytes } from "node:crypto";
import { asObject, bad, type ControlInput, type ControlResult } from "../core/control";
import type { Ctx, Runtime } from "../core/context";
import { defineModule } from "../core/provider-module";
import { smtpSection, type SmtpServerInfo } from "./inbox-view";
import { startSmtpServer } from "./server";
import { SMTP_STATE } from "./state";

// The same card as the SendGrid section's, declared here too so this section stands on its own.
const CSS = `
.mail h3{margin:0 0 10px;font-size:16px}
.headers th{width:90px;background:none}.headers td,.headers th{border:none;padding:2px 6px}
iframe.mail-body{width:100%;height:360px;border:1px solid #eceef4;border-radius:6px;background:#fff;margin-top:8px}
.mail-text{white-space:pre-wrap}
`;

/** Where this run's SMTP server listens, per sandbox (tests start several). */
const running = new WeakMap<Runtime, SmtpServerInfo>();

function listenPort(): number {
  const raw = process.env.SANDBOX_SMTP_PORT;
  if (!raw) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_SMTP_PORT must be a port number (0 for any free port), not "${raw}"`);
  return port;
}

/** POST /_sandbox/smtp/refuse {code, times?, message?}: the next messages are refused at MAIL FROM, e.g. 451 to try retries. */
function refuse(ctx: Ctx, input: ControlInput): ControlResult {
  const body = asObject(input) ?? {};
  const code = Number(body.code);
  if (!Number.isInteger(code) || code < 400 || code > 599) return bad("code must be an SMTP reply code from 400 to 599 (4xx: try again later, 5xx: refused for good)");
  const times = body.times === undefined ? 1 : Number(body.times);
  if (!Number.isInteger(times) || times < 1 || times > 1000) return bad("times must be an integer from 1 to 1000");
  const message = typeof body.message === "string" && body.message ? body.message : code < 500 ? "4.7.1 Try again later (sandbox refusal)" : "5.7.1 Refused (sandbox refusal)";
  const refusal = { code, message, remaining: times };
  SMTP_STATE.of(ctx.rt).refusal = refusal;
  return { status: 200, body: { refusal } };
}

export const smtpModule = defineModule({
  name: "smtp",
  state: SMTP_STATE,
  control: {
    "/refuse": { POST: refuse },
  },
  inbox: {
    json: (state) => ({ mails: state.mails, authFailures: state.authFailures, refusal: state.refusal }),
    section: {
      anchor: "platform-mail",
      label: "Platform mail",
      note: "SMTP",
      count: (state) => state.mails.length,
      render: (state, rt) => smtpSection(state.mails, state.authFailures, running.get(rt)),
      css: CSS,
      links: [["/_sandbox/inbox.json", "platform mail (under smtp)"]],
    },
  },
  async listen(rt) {
    const host = new URL(rt.url).hostname.replace(/^\[|\]$/g, "");
    const user = process.env.SANDBOX_SMTP_USER || "switchboard-demo";
    const password = process.env.SANDBOX_SMTP_PASSWORD || randomBytes(18).toString("base64url");
    const smtp = await startSmtpServer(rt, { host, port: listenPort(), credentials: { user, password } });
    running.set(rt, { host, port: smtp.port, user });
    return {
      describe: `SMTP server for platform mail at ${host}:${smtp.port} (user ${user})`,
      appEnv: {
        SMTP_HOST: host,
        SMTP_PORT: String(smtp.port),
        SMTP_USER: user,
        SMTP_PASSWORD: password,
        SMTP_FROM: "Switchboard <notices@switchboard.localhost>",
      },
      async stop() {
        running.delete(rt);
        await smtp.stop();
      },
    };
  },
});
