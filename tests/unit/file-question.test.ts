// The "file" question's own rules, without a database: the editor's settings
// (types within what attendee uploads may be, a size up to their limit, errors
// on the right field), the limits the public form and the upload route use, and
// the format of the answer (a file id).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { EventQuestionRow } from "@/lib/db/schema";
import { validateAnswers } from "@/lib/domain/questions/answers";
import { ANSWER_MAX_MB, questionFileLimits } from "@/lib/domain/questions/file-limits";
import { questionInput } from "@/lib/domain/questions/input";
import { kindOptions } from "@/lib/domain/questions/kinds";
import { publicQuestions } from "@/lib/domain/questions/public";
import { PURPOSE_LIMITS } from "@/lib/files/limits";

const MB = 1024 * 1024;
const parse = (input: Record<string, unknown>) => questionInput([]).safeParse({ label: "Your CV", ...input });
function errorsOf(input: Record<string, unknown>): Record<string, string[]> {
  const r = parse(input);
  expect(r.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const i of r.error!.issues) (out[i.path.join(".")] ??= []).push(i.message);
  return out;
}

function question(extra: Partial<EventQuestionRow> = {}): EventQuestionRow {
  return {
    id: randomUUID(),
    org_id: randomUUID(),
    event_id: randomUUID(),
    position: 0,
    label: "Your CV",
    help: "",
    kind: "file",
    required: true,
    choices: [],
    ticket_type_id: null,
    file_accept: ["application/pdf"],
    file_max_bytes: 2 * MB,
    created_at: new Date(),
    updated_at: new Date(),
    ...extra,
  };
}

describe("the file question in the editor", () => {
  it("is a built-in kind the organizer can pick", () => {
    expect(kindOptions([]).map((k) => k.id)).toContain("file");
  });

  it("stores the ticked types in the list's order and the size in bytes", () => {
    const r = parse({ kind: "file", fileAccept: "image/png,application/pdf", fileMaxMb: "2.5" });
    expect(r.success && r.data).toMatchObject({ fileAccept: ["application/pdf", "image/png"], fileMaxBytes: Math.round(2.5 * MB) });
    // Posted as separate checkbox values too; an empty size means the largest allowed.
    const list = parse({ kind: "file", fileAccept: ["image/jpeg"], fileMaxMb: "" });
    expect(list.success && list.data).toMatchObject({ fileAccept: ["image/jpeg"], fileMaxBytes: PURPOSE_LIMITS.answer.maxBytes });
    expect(parse({ kind: "file", fileAccept: "application/pdf", fileMaxMb: "1,5" }).data?.fileMaxBytes).toBe(Math.round(1.5 * MB));
  });

  it("refuses types attendees cannot upload, no type at all, and sizes outside the limit, each on its field", () => {
    expect(errorsOf({ kind: "file", fileAccept: "application/zip,application/pdf" })).toEqual({
      fileAccept: [expect.stringMatching(/^Attendees cannot upload ZIP archive; choose among PDF, .* or Word document$/)],
    });
    expect(errorsOf({ kind: "file", fileAccept: "text/html" }).fileAccept).toEqual([expect.stringContaining("cannot upload text/html")]);
    expect(errorsOf({ kind: "file", fileAccept: "" })).toEqual({ fileAccept: ["Tick at least one type of file the question takes"] });
    expect(errorsOf({ kind: "file", fileAccept: "application/pdf", fileMaxMb: "lots" })).toEqual({ fileMaxMb: ["Give the largest size in MB as a number above 0, such as 5"] });
    expect(errorsOf({ kind: "file", fileAccept: "application/pdf", fileMaxMb: "0" })).toEqual({ fileMaxMb: ["Give the largest size in MB as a number above 0, such as 5"] });
    expect(errorsOf({ kind: "file", fileAccept: "application/pdf", fileMaxMb: String(ANSWER_MAX_MB + 1) })).toEqual({
      fileMaxMb: [`At most ${ANSWER_MAX_MB} MB: attendee uploads are limited to that`],
    });
  });

  it("ignores the file settings of a question of another kind", () => {
    const r = parse({ kind: "short-text", fileAccept: "text/html", fileMaxMb: "lots" });
    expect(r.success && r.data).toMatchObject({ fileAccept: [], fileMaxBytes: null });
  });
});

describe("a file question's limits", () => {
  it("narrow the answer purpose's limits and never widen them", () => {
    expect(questionFileLimits(question())).toEqual({ types: ["application/pdf"], maxBytes: 2 * MB });
    // Saved before the limits tightened: a type no longer allowed and a size past the maximum are cut back.
    expect(questionFileLimits(question({ file_accept: ["application/zip", "image/png"], file_max_bytes: 500 * MB }))).toEqual({ types: ["image/png"], maxBytes: PURPOSE_LIMITS.answer.maxBytes });
    expect(questionFileLimits(question({ file_accept: [], file_max_bytes: null }))).toEqual(PURPOSE_LIMITS.answer);
  });

  it("reach the public form as the picker's filter and a sentence under the field", () => {
    const [q] = publicQuestions([question({ file_accept: ["application/pdf", "image/png"] })], []);
    expect(q).toMatchObject({ input: "file", file: { types: ["application/pdf", "image/png"], maxBytes: 2 * MB, accept: "application/pdf,.pdf,image/png,.png", limitsText: "PDF or PNG image, up to 2 MB." } });
  });

  it("take a file id as the answer's format; the file itself is checked against the database", () => {
    const q = question();
    expect(validateAnswers([q], { [q.id]: "../../etc/passwd" }, []).errors).toEqual({ [`answers.${q.id}`]: ["Choose the file again: this upload is not one we know"] });
    expect(validateAnswers([q], {}, []).errors).toEqual({ [`answers.${q.id}`]: ["This question needs an answer"] });
    const id = randomUUID();
    expect(validateAnswers([q], { [q.id]: ` ${id} ` }, []).answers).toEqual([{ questionId: q.id, question: "Your CV", kind: "file", value: id, ticketTypeId: null }]);
  });
});
