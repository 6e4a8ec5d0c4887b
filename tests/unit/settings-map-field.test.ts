// A map setting (a z.record marked with mapKeys) is read from the schema as a
// "map" field and gathered from a submitted form's per-key selects.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formFields, mapInputName, settingsInput } from "@/lib/integrations/forms";

const schema = z.object({
  itemForAll: z.string().default("").meta({ label: "For all", input: "select" }),
  itemPerType: z.record(z.string(), z.string().trim()).default({}).meta({ label: "Per type", mapKeys: "ticketTypeNames", emptyChoice: "Default" }),
  notify: z.boolean().default(false).meta({ label: "Notify" }),
});

describe("map settings field", () => {
  it("is read from the schema as a map keyed by ticket type names, optional, with its empty choice", () => {
    expect(formFields(schema).find((f) => f.name === "itemPerType")).toMatchObject({ type: "map", mapKeys: "ticketTypeNames", emptyChoice: "Default", required: false, default: {} });
  });

  it("gathers the per-key selects, leaves keys on the default out, and keeps keys holding any character", () => {
    const values = {
      itemForAll: "7",
      [mapInputName("itemPerType", "VIP")]: "12",
      [mapInputName("itemPerType", "Early bird: day 1")]: " 30 ",
      [mapInputName("itemPerType", "General")]: "",
    };
    const input = settingsInput(formFields(schema), values);
    expect(input).toEqual({ itemForAll: "7", itemPerType: { VIP: "12", "Early bird: day 1": "30" }, notify: false });
    expect(schema.parse(input).itemPerType).toEqual({ VIP: "12", "Early bird: day 1": "30" });
  });

  it("reads an empty map when no key is chosen, and a ticked checkbox as true", () => {
    expect(settingsInput(formFields(schema), { notify: "on" })).toEqual({ itemForAll: "", itemPerType: {}, notify: true });
  });

  it("refuses a map whose value is not a string, naming the key", () => {
    const result = schema.safeParse({ itemPerType: { VIP: 12 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["itemPerType", "VIP"]);
  });
});
