// `npm start`: the whole product on one machine. Starts (or connects to) Postgres,
// migrates, seeds the demo organization, then runs the Next.js server with the
// job worker inside it, and prints where to sign in.
import { spawn } from "node:child_process";
import { createDb } from "@/lib/db/client";
import { seedDemo } from "@/lib/demo/seed";
import { sandboxEnabled } from "@/lib/integrations/sandbox-url";
import { ensureLocalVaultKey } from "@/lib/vault/local-key";
import { localSecret, prepareDatabase, waitForHealth } from "@/lib/runtime/bootstrap";
import { withSandboxAllowed } from "@/sandbox/receiver/allow-host";
import { describeMailer, mailerConfig } from "@/lib/mailer/config";
import { sandboxAppEnv, startSandbox } from "@/sandbox/server";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const say = (line: string) => console.log(`[switchboard] ${line}`);

async function main() {
  // A half-set SMTP_* stops the start here, naming the variable, before anything is started.
  mailerConfig(process.env);
  const runtime = await prepareDatabase(say);
  const url = process.env.APP_URL ?? `http://localhost:${port}`;
  let nextAuthSecret = process.env.NEXTAUTH_SECRET;
  if (!nextAuthSecret) {
    if (!runtime.embedded) {
      // Every server behind one database must sign sessions with the same key.
      throw new Error("NEXTAUTH_SECRET must be set when DATABASE_URL is set (for example: openssl rand -base64 32)");
    }
    nextAuthSecret = await localSecret("nextauth-secret");
  }

  // Credentials are sealed with VAULT_KEYS; a demo gets a key generated once into the data directory.
  let vault = { VAULT_KEYS: process.env.VAULT_KEYS ?? "", VAULT_CURRENT_KEY_ID: process.env.VAULT_CURRENT_KEY_ID ?? "" };
  if (!vault.VAULT_KEYS) {
    if (!runtime.embedded) throw new Error("VAULT_KEYS and VAULT_CURRENT_KEY_ID must be set when DATABASE_URL is set; see the README");
    vault = await ensureLocalVaultKey(runtime.dataDir);
    say(`vault: using the generated key in ${runtime.dataDir}/vault-keys (set VAULT_KEYS to use your own)`);
  }

  // The provider emulator that sandbox-mode connections talk to: a demo and test
  // tool, so on for the embedded demo and, with DATABASE_URL, only with SANDBOX=on.
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  if (sandboxEnabled(process.env)) {
    sandbox = await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 4010), log: (l) => say(`sandbox: ${l}`) });
    say(`sandbox: provider emulator and inbox at ${sandbox.url}`);
    say(`sandbox: demo webhook receiver at ${sandbox.url}/_sandbox/receiver/demo (add it under Settings → Webhooks)`);
    for (const l of sandbox.listeners) say(`sandbox: ${l.describe}`);
  } else if (!runtime.embedded) {
    say("sandbox: off (DATABASE_URL is set; SANDBOX=on turns it on for demos and tests)");
  }
  // The platform mailer: the operator's SMTP_*, else (in demo mode) the sandbox's SMTP server.
  const sandboxServers = sandbox ? sandboxAppEnv(sandbox, process.env) : {};
  const mailer = mailerConfig({ ...process.env, ...sandboxServers });
  say(
    mailer
      ? `mail: platform notices through ${describeMailer(mailer)}${sandboxServers.SMTP_HOST ? " — the sandbox's SMTP server, shown in its inbox" : ""}`
      : "mail: SMTP_HOST not set; notices go through each organization's e-mail integration, else only to its activity log",
  );

  const seedWanted = process.env.SEED_DEMO ? process.env.SEED_DEMO === "true" : runtime.embedded;
  let login: Awaited<ReturnType<typeof seedDemo>>["login"] | undefined;
  if (seedWanted) {
    const db = createDb(runtime.databaseUrl, 2);
    try {
      const demoPassword = process.env.DEMO_PASSWORD ?? "switchboard-demo";
      const seeded = await seedDemo(db, { password: demoPassword });
      login = seeded.login;
      if (seeded.created) say("demo: created the Demo Events organization with a published event");
    } finally {
      await db.destroy();
    }
  }

  // Our own server in front of Next.js (scripts/serve.ts): it sets the client's address from the connection.
  const child = spawn("tsx", ["scripts/serve.ts", ...(dev ? ["--dev"] : []), "--port", String(port), "--hostname", process.env.HOST ?? "0.0.0.0"], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: runtime.databaseUrl,
      NEXTAUTH_SECRET: nextAuthSecret,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      ...vault,
      // Decided here once, so the app offers sandbox mode exactly when the sandbox runs.
      SANDBOX: sandbox ? "on" : "off",
      // The sandbox's demo webhook receiver (/_sandbox/receiver/<name>) is a loopback
      // address the SSRF guard refuses unless allow-listed; appended to the operator's list.
      // Its control API stays shut to webhooks: it answers state-changing calls only with
      // the control token, which the app uses for its own sandbox-mode set-up and which
      // the outbound webhook transport never sends.
      ...(sandbox
        ? {
            SANDBOX_URL: sandbox.url,
            SANDBOX_CONTROL_TOKEN: sandbox.controlToken,
            SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: withSandboxAllowed(process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS, sandbox.url),
            // SMTP_* of the sandbox's SMTP server, when the operator set no SMTP_* of their own.
            ...sandboxServers,
          }
        : {}),
    },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await sandbox?.stop().catch(() => {});
    await runtime.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 1));

  await waitForHealth(`http://127.0.0.1:${port}/api/health`);
  say(`ready: ${url}`);
  if (login) {
    say(`sign in as ${login.email} / ${login.password} (owner)`);
    say(`or as ${login.memberEmail} / ${login.password} (member, no settings access)`);
  }
}

main().catch((err) => {
  console.error(`[switchboard] could not start: ${(err as Error).message}`);
  process.exit(1);
});
