// The public form's SMS opt-in: the number kept for texting in E.164 with the time
// of consent, and field errors on the phone field that say how to fix it.
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { useOrgDatabase } from "../helpers/org-database";
import { makePublishedEvent } from "../helpers/fixtures";

const t = useOrgDatabase();

async function phoneErrorOf(p: Promise<unknown>): Promise<string> {
  const err = await p.catch((e) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors.phone![0]!;
}

describe("SMS consent on the public form", () => {
  it("keeps the ticked number in E.164 with the time of consent, and the typed number as typed", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const before = Date.now();
    const { attendees } = await registerFree(t.db, event.slug, { name: "Ana", email: "ana@example.com", ticketTypeId: ticketType.id, quantity: 2, phone: "+41 44 668 18 00", smsConsent: "on" });
    expect(attendees).toHaveLength(2);
    for (const a of attendees) {
      expect(a.phone).toBe("+41 44 668 18 00");
      expect(a.sms_phone).toBe("+41446681800");
      expect(a.sms_consent_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    const fact = await t.db.selectFrom("domain_events").select("payload").where("type", "=", "registration.created").orderBy("occurred_at", "desc").executeTakeFirstOrThrow();
    expect((fact.payload as { attendees: Array<{ smsPhone: string | null }> }).attendees[0]!.smsPhone).toBe("+41446681800");
  });

  it("keeps no number for texting when the box is not ticked", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const { attendees } = await registerFree(t.db, event.slug, { name: "Ben", email: "ben@example.com", ticketTypeId: ticketType.id, quantity: 1, phone: "+41 44 668 18 00" });
    expect(attendees[0]).toMatchObject({ phone: "+41 44 668 18 00", sms_phone: null, sms_consent_at: null });
  });

  it("refuses a number without its country code, one that is not a real number, and consent without a number, on the phone field", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const base = { name: "Cleo", email: "cleo@example.com", ticketTypeId: ticketType.id, quantity: 1 };
    expect(await phoneErrorOf(registerFree(t.db, event.slug, { ...base, phone: "044 668 18 00", smsConsent: "on" }))).toMatch(/country code, starting with \+/);
    expect(await phoneErrorOf(registerFree(t.db, event.slug, { ...base, phone: "+41 12", smsConsent: "on" }))).toMatch(/phone number/);
    expect(await phoneErrorOf(registerFree(t.db, event.slug, { ...base, phone: "+1 000 000 0000" }))).toMatch(/country code/);
    expect(await phoneErrorOf(registerFree(t.db, event.slug, { ...base, smsConsent: "on" }))).toMatch(/Enter your mobile number to get SMS updates, or untick the SMS box/);
    const count = await t.db.selectFrom("attendees").select((eb) => eb.fn.countAll<string>().as("n")).where("event_id", "=", event.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
