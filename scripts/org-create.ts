// `npm run org:create -- --name "Acme Events" --owner ana@example.com [--owner-name "Ana Silva"]`
// Creates an organization and its owner on DATABASE_URL (or the embedded
// database of a running `npm start`), for servers where open sign-up is off.
// The owner gets a link to choose their password: e-mailed through the platform
// mailer (SMTP_*), or printed here for you to pass on when none is configured.
//
// Exit codes: 0 created; 2 the arguments are wrong; 3 the owner's address
// already has an account (invite them from Settings → Members instead);
// 1 anything else (the database could not be reached, SMTP_* half set).
import { parseArgs } from "node:util";
import { EmailTakenError } from "@/lib/accounts/create-user";
import { createOrganizationForOperator } from "@/lib/accounts/operator-org";
import { createDb } from "@/lib/db/client";
import { ValidationError } from "@/lib/domain/errors";
import { describeMailer, mailerConfig } from "@/lib/mailer/config";
import { redactUrl, runningEmbeddedUrl } from "@/lib/runtime/bootstrap";

const USAGE = 'Usage: npm run org:create -- --name "Acme Events" --owner ana@example.com [--owner-name "Ana Silva"]';
const say = (line: string) => console.log(`[org:create] ${line}`);
const fail = (code: number, line: string): never => {
  console.error(`[org:create] ${line}`);
  process.exit(code);
};

async function main() {
  let values: { name?: string; owner?: string; "owner-name"?: string };
  try {
    ({ values } = parseArgs({ options: { name: { type: "string" }, owner: { type: "string" }, "owner-name": { type: "string" } }, strict: true }));
  } catch (err) {
    return fail(2, `${(err as Error).message}\n${USAGE}`);
  }
  if (!values.name || !values.owner) return fail(2, `Both --name and --owner are needed.\n${USAGE}`);

  const mailer = mailerConfig();
  const url = process.env.DATABASE_URL || (await runningEmbeddedUrl());
  say(`database: ${redactUrl(url)}`);
  const db = createDb(url, 2);
  try {
    const org = await createOrganizationForOperator(db, { name: values.name, owner: values.owner, ownerName: values["owner-name"] }, mailer);
    say(`created "${values.name.trim()}" (its address: ${org.slug}) with ${values.owner.trim().toLowerCase()} as its owner`);
    if ("mailedTo" in org.owner) {
      say(`e-mailed ${org.owner.mailedTo} a link to choose a password (through ${describeMailer(mailer!)}); it works once, for 72 hours`);
    } else {
      if (org.owner.mailError) say(`the e-mail to the owner could not be sent: ${org.owner.mailError}`);
      else say("no platform mailer is configured (SMTP_HOST is not set), so nothing was e-mailed");
      say("pass this link to the owner privately; it lets whoever opens it choose the password, once, within 72 hours:");
      console.log(org.owner.link);
    }
  } catch (err) {
    if (err instanceof ValidationError) {
      return fail(2, `${Object.entries(err.fieldErrors).map(([field, messages]) => `--${field === "ownerName" ? "owner-name" : field}: ${messages.join(" ")}`).join("\n")}\n${USAGE}`);
    }
    if (err instanceof EmailTakenError) {
      return fail(3, `${values.owner.trim()} already has an account, so nothing was created. Create the organization with another owner, or have an owner invite this person from Settings → Members.`);
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => fail(1, `failed: ${(err as Error).message}`));
