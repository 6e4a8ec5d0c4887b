// What a registration or checkout from the public event page passes before the
// domain sees it: the per-address limit, the CAPTCHA when configured, the
// per-e-mail limit (each accepted form mails that address), and for checkouts
// the cap on open holds.
import type { Db } from "@/lib/db/client";
import { clientIp, consume } from "./index";
import { TOKEN_FIELD, verifyHuman } from "./human-check";
import { checkOpenHolds } from "./open-holds";

function field(body: unknown, name: string): unknown {
  return body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
}

function text(body: unknown, name: string): string | null {
  const v = field(body, name);
  return typeof v === "string" && v.trim() ? v.trim().toLowerCase() : null;
}

export async function guardPublicForm(db: Db, req: Request, input: { slug: string; body: unknown; holdsPlaces: boolean }): Promise<void> {
  const ip = clientIp(req.headers);
  await consume("public_ip", ip, db);
  await verifyHuman(field(input.body, TOKEN_FIELD), ip);
  // A malformed e-mail is refused by the form's own validation right after; only addresses are counted.
  const email = text(input.body, "email");
  if (!email || !email.includes("@")) return;
  await consume("public_email", email, db);
  if (input.holdsPlaces) await checkOpenHolds(db, { slug: input.slug, email, attempt: text(input.body, "attempt") });
}

/**
 * An answer's file upload from the public form: counted per address on its own
 * limit, since one registration may upload several files (and retry a wrong one)
 * before it is sent. The CAPTCHA, when configured, guards the registration itself.
 */
export async function guardPublicUpload(db: Db, req: Request): Promise<void> {
  await consume("public_upload", clientIp(req.headers), db);
}
