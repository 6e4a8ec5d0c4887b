// What a registration or checkout from the public event page passes before the
// domain sees it: the per-address limit, the CAPTCHA when configured, the
// per-e-mail limit (each accepted form mails that address), and for checkouts
// the cap on open holds.
import type { Db } from "@/lib/db/client";
import { clientIp, consume } from "./index";
import { TOKEN_FIELD, verifyHuman } from "./human-check";
import { checkOpenHolds } from "./open-holds";

function field(body: unknown, name: string): string | null {
  const v = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === "string" && v.trim() ? v.trim().toLowerCase() : null;
}

export async function guardPublicForm(db: Db, req: Request, input: { slug: string; body: unknown; holdsPlaces: boolean }): Promise<void> {
  const ip = clientIp(req.headers);
  await consume("public_ip", ip, db);
  await verifyHuman(input.body && typeof input.body === "object" ? (input.body as Record<string, unknown>)[TOKEN_FIELD] : undefined, ip);
  // A malformed e-mail is refused by the form's own validation right after; only real addresses are counted.
  const email = field(input.body, "email");
  if (!email || !email.includes("@")) return;
  await consume("public_email", email, db);
  if (input.holdsPlaces) await checkOpenHolds(db, { slug: input.slug, email, attempt: field(input.body, "attempt") });
}
