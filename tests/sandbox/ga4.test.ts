// The Google Analytics 4 emulation: the validation server's messages for bad
// input (every problem at once, with Google's fieldPath and validationCode),
// collect's 204 whatever it gets with the hit kept for the inbox, Google's error
// body for an injected fault, and the stand-in gtag.js.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { control, resetSandbox, startTestSandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(async () => {
  await resetSandbox(sb);
});

const post = (path: string, body: unknown, id = "G-ABCD1234") =>
  fetch(`${sb.url}/ga4/${path}?measurement_id=${id}&api_secret=fakeSecret_0123456789`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

const purchase = { client_id: "1.2", events: [{ name: "purchase", params: { transaction_id: "o-1", currency: "EUR", value: 25, items: [{ item_id: "t", price: 25, quantity: 1 }] } }] };

describe("Google Analytics 4 sandbox", () => {
  it("validates a good purchase without keeping it", async () => {
    const res = await post("debug/mp/collect", purchase);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationMessages: [] });
    expect((await control<{ ga4: { hits: unknown[] } }>(sb, "GET", "inbox.json")).body.ga4.hits).toEqual([]);
  });

  it("lists every problem at once, as Google's validation server does", async () => {
    const res = await post("debug/mp/collect", { events: [{ name: "session_start", params: { value: 3, items: [{ price: "x" }] } }, { name: "9lives" }] });
    const { validationMessages } = (await res.json()) as { validationMessages: Array<{ fieldPath: string; validationCode: string }> };
    expect(validationMessages.map((m) => [m.fieldPath, m.validationCode])).toEqual(
      expect.arrayContaining([
        ["client_id", "VALUE_REQUIRED"],
        ["events[0].params.items[0].price", "VALUE_INVALID"],
        ["events[1].name", "NAME_INVALID"],
        ["events[0].name", "NAME_RESERVED"],
        ["events[0].params.currency", "VALUE_REQUIRED"],
      ]),
    );
    const refund = await post("debug/mp/collect", { client_id: "1.2", events: [{ name: "refund", params: {} }] });
    expect((await refund.json()).validationMessages).toEqual([{ fieldPath: "events[0].params.transaction_id", description: "transaction_id is required for refund.", validationCode: "VALUE_REQUIRED" }]);
    const ids = await post("debug/mp/collect", purchase, "UA-1-1");
    expect((await ids.json()).validationMessages).toEqual([{ fieldPath: "measurement_id", description: "Measurement ID UA-1-1 is not valid.", validationCode: "VALUE_INVALID" }]);
    const json = await post("debug/mp/collect", "{not json");
    expect((await json.json()).validationMessages.at(-1)).toMatchObject({ validationCode: "VALUE_INVALID", description: "Unable to parse Measurement Protocol JSON payload." });
  });

  it("answers collect 204 whatever it gets, keeping the hit with what validation found and never the secret", async () => {
    expect((await post("mp/collect", purchase)).status).toBe(204);
    expect((await post("mp/collect", { client_id: "1.2", events: [{ name: "refund" }] })).status).toBe(204);
    const { body } = await control<{ ga4: { hits: Array<Record<string, unknown>> } }>(sb, "GET", "inbox.json");
    expect(body.ga4.hits.map((h) => [(h.events as Array<{ name: string }>)[0]!.name, (h.problems as unknown[]).length, h.withSecret])).toEqual([
      ["purchase", 0, true],
      ["refund", 1, true],
    ]);
    expect(JSON.stringify(body)).not.toContain("fakeSecret_0123456789");
    const page = await (await fetch(sb.url)).text();
    expect(page).toContain('id="analytics"');
    expect(page).toContain("o-1");
  });

  it("answers an injected fault in Google's error shape", async () => {
    await control(sb, "POST", "faults", { provider: "ga4", kind: "status", status: 503, times: 1 });
    const res = await post("mp/collect", purchase);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } });
  });

  it("serves a stand-in gtag.js for a measurement id, counts its loads and records its page views", async () => {
    const js = await fetch(`${sb.url}/ga4/gtag/js?id=G-ABCD1234`);
    expect(js.headers.get("content-type")).toContain("application/javascript");
    const source = await js.text();
    expect(() => new Function(source)).not.toThrow();
    expect(source).toContain("_ga=GA1.1.");
    expect((await fetch(`${sb.url}/ga4/gtag/js?id=nope`)).status).toBe(400);
    const hit = await fetch(`${sb.url}/ga4/g/collect?v=2&tid=G-ABCD1234&cid=11.22&en=page_view&dl=${encodeURIComponent("http://x.test/e/a")}&dt=Launch`, { method: "POST" });
    expect(hit.status).toBe(204);
    const { body } = await control<{ ga4: { tagLoads: Record<string, number>; pageViews: Array<Record<string, string>> } }>(sb, "GET", "inbox.json");
    expect(body.ga4.tagLoads).toEqual({ "G-ABCD1234": 1 });
    expect(body.ga4.pageViews).toEqual([{ at: expect.any(String), measurementId: "G-ABCD1234", clientId: "11.22", location: "http://x.test/e/a", title: "Launch" }]);
  });
});
