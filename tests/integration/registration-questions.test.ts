// Registration questions on real Postgres: answers stored for free registrations
// and, for paid orders, kept with the pending order until it settles; a deleted
// question keeps its answers; a connector's kind checked through an enabled
// connection (a test connector defined here); the CSV rows.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { checkAnswer, questionEnv } from "@/lib/answer-checks/check";
import { attendeeRows } from "@/lib/domain/attendees/export";
import { ValidationError } from "@/lib/domain/errors";
import { addTicketType } from "@/lib/domain/events/service";
import { createPendingOrder } from "@/lib/domain/orders/pending";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { addQuestion, deleteQuestion, listQuestions, moveQuestion, updateQuestion } from "@/lib/domain/questions/service";
import { registerFree } from "@/lib/domain/registrations/register-free";
import type { Connector } from "@/lib/integrations/contract";
import type { QuestionKindManifest } from "@/lib/integrations/contract/questions";
import type { QuestionKindProviders } from "@/lib/integrations/question-kinds";
import { insertConnection } from "../helpers/connections";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { useOrgDatabase } from "../helpers/org-database";

const t = useOrgDatabase();

const person = (n: number) => ({ name: `Guest ${n}`, email: `guest${n}@example.com` });
const NO_EXTRA: QuestionKindManifest[] = [];

async function factsOf(orderId: string) {
  return t.db.selectFrom("domain_events").selectAll().where("aggregate_id", "=", orderId).orderBy("occurred_at").execute();
}

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string[]>> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

describe("the questions editor's rules", () => {
  it("checks kinds, choices and the ticket type, and keeps positions in order through moves and deletions", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const other = await makePublishedEvent(t.db, t.orgId);
    expect(await fieldErrors(addQuestion(t.db, t.orgId, event.id, { label: "", kind: "telepathy" }, NO_EXTRA))).toEqual({
      label: ["Write the question"],
      kind: ["Choose a kind of answer from the list"],
    });
    expect((await fieldErrors(addQuestion(t.db, t.orgId, event.id, { label: "Track", kind: "choice", choices: "Web\n" }, NO_EXTRA))).choices).toEqual(["Give at least two choices, one per line"]);
    expect((await fieldErrors(addQuestion(t.db, t.orgId, event.id, { label: "Track", kind: "choice", choices: "Web\nweb" }, NO_EXTRA))).choices).toEqual(['"web" is listed twice']);
    expect((await fieldErrors(addQuestion(t.db, t.orgId, event.id, { label: "T-shirt", kind: "short-text", ticketTypeId: other.ticketType.id }, NO_EXTRA))).ticketTypeId).toEqual([
      "This ticket type is not offered for this event; choose another",
    ]);

    const a = await addQuestion(t.db, t.orgId, event.id, { label: "A", kind: "short-text" }, NO_EXTRA);
    const b = await addQuestion(t.db, t.orgId, event.id, { label: "B", kind: "choice", choices: "x\ny", required: "on", ticketTypeId: ticketType.id }, NO_EXTRA);
    const c = await addQuestion(t.db, t.orgId, event.id, { label: "C", kind: "checkbox" }, NO_EXTRA);
    expect(b).toMatchObject({ required: true, choices: ["x", "y"], ticket_type_id: ticketType.id });
    await moveQuestion(t.db, t.orgId, event.id, c.id, -1);
    expect((await listQuestions(t.db, event.id)).map((q) => q.label)).toEqual(["A", "C", "B"]);
    await moveQuestion(t.db, t.orgId, event.id, a.id, -1); // already first: nothing moves
    await deleteQuestion(t.db, t.orgId, event.id, c.id);
    await moveQuestion(t.db, t.orgId, event.id, b.id, -1);
    expect((await listQuestions(t.db, event.id)).map((q) => [q.label, q.position])).toEqual([["B", 0], ["A", 1]]);
    // Choices are dropped when the kind is no longer "choice".
    expect((await updateQuestion(t.db, t.orgId, event.id, b.id, { label: "B2", kind: "short-text", choices: "x\ny" }, NO_EXTRA)).choices).toEqual([]);

    const stranger = await makeOrg(t.db, "Someone else");
    await expect(deleteQuestion(t.db, stranger.id, event.id, a.id)).rejects.toThrow("was not found");
  });
});

describe("answers to a free registration", () => {
  it("are checked per kind with field errors for each question, then stored on every attendee and carried by registration.created", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const vip = await addTicketType(t.db, t.orgId, event.id, { name: "VIP", price: "0", currency: "EUR", quantity: 5 });
    const diet = await addQuestion(t.db, t.orgId, event.id, { label: "Dietary needs", kind: "short-text", required: "on" }, NO_EXTRA);
    const site = await addQuestion(t.db, t.orgId, event.id, { label: "Website", kind: "url" }, NO_EXTRA);
    const coc = await addQuestion(t.db, t.orgId, event.id, { label: "I accept the code of conduct", kind: "checkbox", required: "on" }, NO_EXTRA);
    const vipOnly = await addQuestion(t.db, t.orgId, event.id, { label: "Lounge access card", kind: "email", required: "on", ticketTypeId: vip.id }, NO_EXTRA);

    const base = { ...person(1), ticketTypeId: ticketType.id, quantity: 2 };
    const errors = await fieldErrors(registerFree(t.db, event.slug, { ...base, email: "not-an-email", answers: { [diet.id]: "  ", [site.id]: "ftp://example.com", [coc.id]: false } }));
    expect(errors).toEqual({
      email: [expect.any(String)],
      [`answers.${diet.id}`]: ["This question needs an answer"],
      [`answers.${site.id}`]: ["Enter a full web address starting with https://, such as https://example.com"],
      [`answers.${coc.id}`]: ["Tick this box to continue"],
    });
    // The VIP-only question is not asked of a General ticket, so its answer is neither required nor kept.
    const { order, attendees } = await registerFree(t.db, event.slug, {
      ...base,
      answers: { [diet.id]: " Vegetarian ", [site.id]: "", [coc.id]: "on", [vipOnly.id]: "ignored@example.com" },
    });
    const expected = [
      { questionId: diet.id, question: "Dietary needs", kind: "short-text", value: "Vegetarian" },
      { questionId: coc.id, question: "I accept the code of conduct", kind: "checkbox", value: true },
    ];
    expect(attendees.map((a) => a.answers)).toEqual([expected, expected]);
    const [fact] = await factsOf(order.id);
    expect(fact).toMatchObject({ type: "registration.created", version: 2 });
    expect((fact!.payload as { attendees: { answers: unknown }[] }).attendees.map((a) => a.answers)).toEqual([expected, expected]);

    expect(Object.keys(await fieldErrors(registerFree(t.db, event.slug, { ...person(2), ticketTypeId: vip.id, quantity: 1, answers: { [diet.id]: "None", [coc.id]: true } })))).toEqual([`answers.${vipOnly.id}`]);
  });

  it("keeps answers with the question's wording when the question is later reworded or deleted, and the CSV still shows them", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId);
    const shirt = await addQuestion(t.db, t.orgId, event.id, { label: "T-shirt size", kind: "choice", choices: "S\nM\nL" }, NO_EXTRA);
    const note = await addQuestion(t.db, t.orgId, event.id, { label: "Note", kind: "long-text" }, NO_EXTRA);
    await registerFree(t.db, event.slug, { ...person(3), ticketTypeId: ticketType.id, quantity: 1, answers: { [shirt.id]: "M", [note.id]: "=HYPERLINK(\"http://evil\")" } });
    await deleteQuestion(t.db, t.orgId, event.id, shirt.id);
    await updateQuestion(t.db, t.orgId, event.id, note.id, { label: "Anything else?", kind: "long-text" }, NO_EXTRA);
    const [attendee] = await t.db.selectFrom("attendees").select("answers").where("event_id", "=", event.id).execute();
    expect(attendee!.answers.map((a) => [a.question, a.value])).toEqual([["T-shirt size", "M"], ["Note", '=HYPERLINK("http://evil")']]);
    const rows = await attendeeRows(t.db, t.orgId, event.id);
    // Current questions first (with today's wording), then the deleted one someone answered.
    expect(rows[0]!.slice(8)).toEqual(["Anything else?", "T-shirt size"]);
    expect(rows[1]!.slice(0, 2)).toEqual(["Guest 3", "guest3@example.com"]);
    expect(rows[1]!.slice(8)).toEqual(['=HYPERLINK("http://evil")', "M"]);
  });
});

describe("answers to a paid order", () => {
  it("are kept with the pending order and become each attendee's, by ticket type, when the order settles; ticket.purchased carries them", async () => {
    const { event, ticketType } = await makePublishedEvent(t.db, t.orgId, { price: "25" });
    const vip = await addTicketType(t.db, t.orgId, event.id, { name: "VIP", price: "90", currency: "EUR", quantity: 5 });
    const all = await addQuestion(t.db, t.orgId, event.id, { label: "Company", kind: "short-text", required: "on" }, NO_EXTRA);
    const vipOnly = await addQuestion(t.db, t.orgId, event.id, { label: "Guest of honour", kind: "checkbox" }, NO_EXTRA);
    await updateQuestion(t.db, t.orgId, event.id, vipOnly.id, { label: "Guest of honour", kind: "checkbox", ticketTypeId: vip.id }, NO_EXTRA);
    const input = {
      ...person(4),
      attempt: randomUUID(),
      items: [{ ticketTypeId: ticketType.id, quantity: 1 }, { ticketTypeId: vip.id, quantity: 1 }],
    };
    expect(await fieldErrors(createPendingOrder(t.db, event.slug, { ...input, answers: {} }, "stripe"))).toEqual({ [`answers.${all.id}`]: ["This question needs an answer"] });

    const pending = await createPendingOrder(t.db, event.slug, { ...input, answers: { [all.id]: "Acme", [vipOnly.id]: true } }, "stripe");
    expect(pending.attendees.every((a) => a.answers.length === 0)).toBe(true);
    expect(pending.order.pending_answers).toHaveLength(2);

    expect(await markOrderPaid(t.db, pending.order.id, { paymentIntentId: "pi_test_questions" })).toBe("changed");
    const attendees = await t.db.selectFrom("attendees").selectAll().where("order_id", "=", pending.order.id).execute();
    const company = { questionId: all.id, question: "Company", kind: "short-text", value: "Acme" };
    const honour = { questionId: vipOnly.id, question: "Guest of honour", kind: "checkbox", value: true };
    expect(attendees.find((a) => a.ticket_type_id === ticketType.id)!.answers).toEqual([company]);
    expect(attendees.find((a) => a.ticket_type_id === vip.id)!.answers).toEqual([company, honour]);
    const order = await t.db.selectFrom("orders").select("pending_answers").where("id", "=", pending.order.id).executeTakeFirstOrThrow();
    expect(order.pending_answers).toEqual([]);

    const purchased = (await factsOf(pending.order.id)).find((f) => f.type === "ticket.purchased")!;
    expect(purchased.version).toBe(2);
    const carried = (purchased.payload as { attendees: { ticketTypeId: string; answers: unknown[] }[] }).attendees;
    expect(carried.find((a) => a.ticketTypeId === vip.id)!.answers).toEqual([company, honour]);
  });
});

describe("a connector's question kind", () => {
  const kind: QuestionKindManifest = { id: "test-handle", label: "Test handle", pattern: "[a-z][a-z0-9]*", patternMessage: "Letters and digits, starting with a letter", maxLength: 20 };
  const asked: string[] = [];
  const connector = {
    id: "test-handles",
    name: "Test handles",
    auth: "api_key",
    baseUrls: { live: "https://handles.invalid", sandboxPath: "/handles" },
    settingsSchema: z.object({}),
    questionKinds: [kind],
    answerChecks: {
      async "test-handle"(_ctx: unknown, value: string) {
        asked.push(value);
        if (value === "ghost") return { ok: false as const, message: "No such handle on Test handles" };
        if (value === "down") throw new Error("connection refused");
        if (value === "slow") return new Promise<never>(() => {});
        return { ok: true as const, canonical: value.toUpperCase() };
      },
    },
  } as unknown as Connector;
  const providers: QuestionKindProviders = { manifests: [connector], load: async (id) => (id === connector.id ? connector : undefined) };

  it("is checked for format, then through the enabled connection: a no is a field error, a yes gives the canonical form, an unreachable provider leaves the answer as typed", async () => {
    const org = await makeOrg(t.db, "Handles org");
    const { event, ticketType } = await makePublishedEvent(t.db, org.id);
    const q = await addQuestion(t.db, org.id, event.id, { label: "Your handle", kind: "test-handle", required: "on" }, [kind]);
    const env = questionEnv(t.db, { providers, deadlineMs: 300 });
    const register = (n: number, handle: string) => registerFree(t.db, event.slug, { ...person(n), ticketTypeId: ticketType.id, quantity: 1, answers: { [q.id]: handle } }, env);

    // No connection: the pattern still applies, and the answer stands as typed.
    expect(await fieldErrors(register(10, "9lives"))).toEqual({ [`answers.${q.id}`]: ["Letters and digits, starting with a letter"] });
    expect((await register(11, "octo")).attendees[0]!.answers[0]!.value).toBe("octo");
    expect(asked).toEqual([]);

    // A disabled connection is not asked either.
    const conn = await insertConnection(t.db, { orgId: org.id, connectorId: connector.id, credentials: { apiKey: "test_fake_key" }, status: "disabled" });
    expect(await checkAnswer(t.db, org.id, "test-handle", "ghost", { providers })).toBeNull();

    await t.db.updateTable("connections").set({ status: "connected" }).where("id", "=", conn.id).execute();
    expect(await fieldErrors(register(12, "ghost"))).toEqual({ [`answers.${q.id}`]: ["No such handle on Test handles"] });
    expect((await register(13, "octo")).attendees[0]!.answers[0]!.value).toBe("OCTO");
    expect((await register(14, "down")).attendees[0]!.answers[0]!.value).toBe("down");
    expect((await register(15, "slow")).attendees[0]!.answers[0]!.value).toBe("slow");
    expect(asked).toEqual(["ghost", "octo", "down", "slow"]);

    // The registry knows no connector with this kind: on a real event form it is plain short text, never asked.
    expect(await checkAnswer(t.db, org.id, "test-handle", "ghost")).toBeNull();
  });
});
