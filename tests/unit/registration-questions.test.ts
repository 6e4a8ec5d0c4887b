// The pure parts of registration questions: each kind's validation, CSV cells,
// and the catalog's payload versions.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@/lib/csv/write";
import type { EventQuestionRow } from "@/lib/db/schema";
import { answersForTicketType, validateAnswers } from "@/lib/domain/questions/answers";
import { kindOptions, type QuestionKindManifest } from "@/lib/domain/questions/kinds";
import { currentPayloadVersions, domainEventCatalog, payloadForVersion } from "@/lib/domain/outbox/catalog";
import { eventTypeCatalog } from "@/lib/webhooks/outbound/catalog";

const handle: QuestionKindManifest = { id: "test-handle", label: "Test handle", pattern: "[a-z][a-z0-9-]*", patternMessage: "Letters, digits and hyphens", maxLength: 10 };

let n = 0;
function question(kind: string, extra: Partial<EventQuestionRow> = {}): EventQuestionRow {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    org_id: "o",
    event_id: "e",
    position: n,
    label: `Q${n}`,
    help: "",
    kind,
    required: false,
    choices: [],
    ticket_type_id: null,
    file_accept: [],
    file_max_bytes: null,
    created_at: new Date(),
    updated_at: new Date(),
    ...extra,
  };
}

function check(q: EventQuestionRow, value: unknown) {
  const r = validateAnswers([q], { [q.id]: value }, [handle]);
  return { errors: r.errors[`answers.${q.id}`], value: r.answers[0]?.value };
}

describe("answer validation per kind", () => {
  it("short and long text: trimmed, empty is no answer unless required, length capped", () => {
    expect(check(question("short-text"), "  hi  ")).toEqual({ errors: undefined, value: "hi" });
    expect(check(question("short-text"), "   ")).toEqual({ errors: undefined, value: undefined });
    expect(check(question("short-text", { required: true }), "")).toEqual({ errors: ["This question needs an answer"], value: undefined });
    expect(check(question("short-text"), "x".repeat(201)).errors).toEqual(["At most 200 characters"]);
    expect(check(question("long-text"), "x".repeat(5000)).value).toHaveLength(5000);
    expect(check(question("long-text"), "x".repeat(5001)).errors).toEqual(["At most 5000 characters"]);
    expect(check(question("short-text"), { evil: 1 }).errors).toEqual(["Answer with text"]);
  });

  it("choice: only one of the options", () => {
    const q = question("choice", { choices: ["Web", "Mobile"] });
    expect(check(q, "Web").value).toBe("Web");
    expect(check(q, "Desktop").errors).toEqual(["Choose one of the options"]);
  });

  it("checkbox: true or false, and a required one must be ticked", () => {
    expect(check(question("checkbox"), undefined).value).toBe(false);
    expect(check(question("checkbox"), "on").value).toBe(true);
    expect(check(question("checkbox", { required: true }), false).errors).toEqual(["Tick this box to continue"]);
  });

  it("e-mail and URL: their formats, http(s) only", () => {
    expect(check(question("email"), "ana@example.com").value).toBe("ana@example.com");
    expect(check(question("email"), "ana@").errors).toEqual(["Enter an e-mail address, such as ana@example.com"]);
    expect(check(question("url"), "https://example.com/x").value).toBe("https://example.com/x");
    for (const bad of ["javascript:alert(1)", "example.com", "ftp://example.com"]) {
      expect(check(question("url"), bad).errors).toEqual(["Enter a full web address starting with https://, such as https://example.com"]);
    }
  });

  it("a connector kind: its whole-value pattern and its length; a kind whose connector is gone is short text", () => {
    expect(check(question("test-handle"), "octo-cat").value).toBe("octo-cat");
    expect(check(question("test-handle"), "octo cat").errors).toEqual(["Letters, digits and hyphens"]);
    // Anchored: a match inside the value is not enough.
    expect(check(question("test-handle"), "9octo").errors).toEqual(["Letters, digits and hyphens"]);
    expect(check(question("test-handle"), "a".repeat(11)).errors).toEqual(["At most 10 characters"]);
    expect(check(question("gone-kind"), "anything at all").value).toBe("anything at all");
  });

  it("reports every question's problem at once and keeps answers in the event's order", () => {
    const a = question("short-text", { required: true });
    const b = question("email", { required: true });
    const r = validateAnswers([a, b], {}, []);
    expect(Object.keys(r.errors)).toEqual([`answers.${a.id}`, `answers.${b.id}`]);
    const ok = validateAnswers([a, b], { [b.id]: "b@example.com", [a.id]: "A" }, []);
    expect(ok.answers.map((x) => x.question)).toEqual([a.label, b.label]);
  });

  it("gives an attendee the answers asked for every type and for their own", () => {
    const answers = [
      { questionId: "1", question: "All", kind: "short-text", value: "x", ticketTypeId: null },
      { questionId: "2", question: "VIP", kind: "short-text", value: "y", ticketTypeId: "vip" },
    ];
    expect(answersForTicketType(answers, "general").map((a) => a.question)).toEqual(["All"]);
    expect(answersForTicketType(answers, "vip")).toEqual([
      { questionId: "1", question: "All", kind: "short-text", value: "x" },
      { questionId: "2", question: "VIP", kind: "short-text", value: "y" },
    ]);
  });

  it("offers the built-in kinds and then the connectors', never letting a connector shadow a built-in", () => {
    const ids = kindOptions([handle, { ...handle, id: "email", label: "Fake e-mail" }]).map((k) => k.id);
    expect(ids).toEqual(["short-text", "long-text", "choice", "checkbox", "email", "url", "file", "test-handle"]);
  });
});

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
  });

  it("turns what a spreadsheet would run as a formula into text", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+41 44 123 45 67")).toBe("'+41 44 123 45 67");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=cmd")).toBe("'\t=cmd");
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes a UTF-8 file with CRLF rows", () => {
    expect(toCsv([["Name", "Größe"], ["Zoë", "M"]])).toBe("\uFEFFName,Größe\r\nZoë,M\r\n");
  });
});

describe("payload versions in the catalog", () => {
  it("registration.created and ticket.purchased are at version 2; version 1 is the same without answers", () => {
    expect(currentPayloadVersions()).toMatchObject({ "registration.created": 2, "ticket.purchased": 2, "event.published": 1 });
    const entry = eventTypeCatalog().find((e) => e.type === "registration.created")!;
    const latest = entry.example as { data: Parameters<typeof payloadForVersion<"registration.created">>[2] };
    expect(latest.data.attendees[0]!.answers!.length).toBeGreaterThan(0);
    expect(entry.earlier.map((e) => e.version)).toEqual([1]);
    const v1 = entry.earlier[0]!.example as { data: { attendees: object[]; event: object } };
    expect(v1.data.attendees[0]).not.toHaveProperty("answers");
    expect(v1.data.event).toEqual(latest.data.event);
    expect(JSON.stringify(entry.earlier[0]!.schema)).not.toContain("answers");
    expect(JSON.stringify(entry.schema)).toContain("answers");
    expect(payloadForVersion("registration.created", 7, latest.data)).toBe(latest.data);
    expect(domainEventCatalog["registration.cancelled"].version).toBe(1);
  });
});
