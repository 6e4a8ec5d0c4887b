// The Zapier app's definition: valid by the platform's own schema (what
// `zapier validate` checks), and in step with what Switchboard serves, so a
// trigger, sample or field added on one side cannot be forgotten on the other.
import { describe, expect, it } from "vitest";
import type { ZodObject } from "zod";
import { checkInAction, contactAction, eventDraftAction, registrationAction } from "@/lib/zapier/actions";
import { exampleBody } from "@/lib/zapier/samples";
import { ZAPIER_TRIGGERS } from "@/lib/zapier/triggers";
import { loadZapierApp, requireFromZapierApp, zapierCore, type ZapierApp } from "../helpers/zapier-app";

const app = loadZapierApp();

/** What `zapier validate` runs locally: the handler's validate command over the compiled app. */
async function validate(definition: ZapierApp): Promise<Array<{ property: string; message: string }>> {
  // createAppHandler is exported at run time but missing from the package's types.
  const core = zapierCore() as unknown as { createAppHandler: (app: object) => (event: object) => Promise<{ results: Array<{ property: string; message: string }> }> };
  return (await core.createAppHandler(definition)({ command: "validate", calledFromCli: true })).results;
}

describe("the Zapier app definition", () => {
  it("passes the platform schema, and a broken one does not", async () => {
    expect(await validate(app)).toEqual([]);
    const broken = { ...app, creates: { ...app.creates, create_event: { ...app.creates.create_event!, noun: "" } } };
    expect((await validate(broken as ZapierApp)).map((e) => e.property)).toContain("instance.creates.create_event.noun");
    expect(app.platformVersion).toBe(zapierCore().version);
  });

  it("has one REST-hook trigger per Zapier event, with Switchboard's words", () => {
    const hooks = Object.values(app.triggers).filter((t) => t.operation.type === "hook");
    expect(hooks.map((t) => ({ key: t.key, noun: t.noun, label: t.display.label, description: t.display.description }))).toEqual(
      ZAPIER_TRIGGERS.map((t) => ({ key: t.key, noun: t.noun, label: t.label, description: t.description })),
    );
    for (const t of hooks) {
      expect(t.operation.performSubscribe, t.key).toBeTypeOf("function");
      expect(t.operation.performUnsubscribe, t.key).toBeTypeOf("function");
      expect(t.operation.performList, t.key).toBeTypeOf("function");
      expect(t.operation.outputFields?.length, t.key).toBeGreaterThan(0);
    }
  });

  it("samples each trigger with Switchboard's own example message plus the fact id", () => {
    for (const t of ZAPIER_TRIGGERS) {
      const example = exampleBody(t.event);
      const { id, ...message } = app.triggers[t.key]!.operation.sample;
      expect(message, t.key).toEqual(example);
      const data = example.data as { order?: { id: string }; attendee?: { id: string }; event: { id: string } };
      expect(id, t.key).toBe(`${t.event}:${(data.order ?? data.attendee ?? data.event).id}:${example.timestamp}`);
    }
  });

  it("labels only output fields the sample has", () => {
    const has = (value: unknown, key: string): boolean => {
      const [head, ...rest] = key.split("__");
      if (head!.includes("[]")) {
        const [list, field] = head!.split("[]");
        const items = (value as Record<string, unknown>)[list!];
        return Array.isArray(items) && items.every((item) => has(item, [field, ...rest].join("__")));
      }
      if (value === null || typeof value !== "object" || !(head! in value)) return false;
      return rest.length === 0 || has((value as Record<string, unknown>)[head!], rest.join("__"));
    };
    for (const t of Object.values(app.triggers).filter((x) => x.operation.outputFields)) {
      for (const f of t.operation.outputFields!) expect(has(t.operation.sample, f.key), `${t.key}: ${f.key}`).toBe(true);
    }
  });

  it("asks each action for fields its route accepts, required exactly where the route requires them", () => {
    const routes: Record<string, ZodObject> = {
      create_registration: registrationAction,
      upsert_contact: contactAction,
      check_in_attendee: checkInAction,
      create_event: eventDraftAction,
    };
    expect(Object.keys(app.creates).sort()).toEqual(Object.keys(routes).sort());
    for (const [key, schema] of Object.entries(routes)) {
      for (const field of app.creates[key]!.operation.inputFields) {
        const accepted = schema.shape[field.key];
        expect(accepted, `${key}.${field.key}`).toBeDefined();
        expect(Boolean(field.required), `${key}.${field.key} required`).toBe(!accepted!.safeParse(undefined).success);
      }
    }
  });

  it("fills the id fields from the hidden list triggers", () => {
    const dynamic = Object.values(app.creates).flatMap((c) => c.operation.inputFields.filter((f) => f.dynamic).map((f) => f.dynamic!));
    expect(new Set(dynamic)).toEqual(new Set(["event_list.id.label", "ticket_type_list.id.label"]));
    for (const d of dynamic) {
      const [trigger, id, label] = d.split(".");
      expect(app.triggers[trigger!]?.display.hidden, d).toBe(true);
      expect(app.triggers[trigger!]!.operation.sample).toHaveProperty(id!);
      expect(app.triggers[trigger!]!.operation.sample).toHaveProperty(label!);
    }
  });
});

describe("the Switchboard URL of a connection", () => {
  const { baseUrl } = requireFromZapierApp<{ baseUrl: (bundle: { authData: Record<string, string> }) => string }>("lib/api");
  const url = (base_url: string) => baseUrl({ authData: { base_url } });

  it("is used without a trailing slash, under a path too", () => {
    expect(url(" https://events.example.org/ ")).toBe("https://events.example.org");
    expect(url("https://example.org/switchboard/")).toBe("https://example.org/switchboard");
    expect(url("http://127.0.0.1:3100")).toBe("http://127.0.0.1:3100");
  });

  it("must be https, since the key travels with every request", () => {
    expect(() => url("http://events.example.org")).toThrow(/must be reached over https/);
    expect(() => url("events.example.org")).toThrow(/not a web address/);
    expect(() => url("")).toThrow(/not a web address/);
  });
});
