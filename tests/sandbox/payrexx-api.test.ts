// The emulated Payrexx API: requests authenticated as Payrexx documents it (an
// ApiSignature over the parameters, or X-API-KEY), refusals in Payrexx's envelope,
// gateways created, read and deleted, and parameters checked against the schemas
// the sandbox wrote from Payrexx's API reference.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignature, flattenParams } from "../../lib/integrations/payrexx/signing";
import type { Sandbox } from "../../sandbox/server";
import { control, requestsOf, startTestSandbox } from "./helpers";
import { api, DEMO, newGateway, raw } from "./payrexx-helpers";

let sb: Sandbox;
const OTHER = { instance: "other-shop", apiSecret: "payrexx-other-secret-fake" };

beforeAll(async () => {
  sb = await startTestSandbox();
  expect((await control(sb, "POST", "payrexx/instances", { instance: OTHER.instance, secret: OTHER.apiSecret })).status).toBe(201);
});
afterAll(async () => {
  await sb.stop();
});

const failureOf = (p: Promise<unknown>) => p.then(() => Promise.reject(new Error("expected a refusal")), (e: { httpStatus: number; payrexxMessage: string }) => e);

describe("authentication", () => {
  it("signs as Payrexx's reference shows: base64 HMAC-SHA256 of http_build_query, spaces as +", () => {
    // The reference's example parameters, signed the way its PHP line does it.
    const expected = createHmac("sha256", "API-SECRET").update("model=Page&id=17").digest("base64");
    expect(apiSignature("API-SECRET", [["model", "Page"], ["id", "17"]])).toBe(expected);
    const pairs = flattenParams({ purpose: "Zürich & Co ~ (1)", fields: { email: { value: "a@b.ch" } }, basket: [{ name: "A B", amount: 5 }] });
    expect(pairs).toEqual([["purpose", "Zürich & Co ~ (1)"], ["fields[email][value]", "a@b.ch"], ["basket[0][name]", "A B"], ["basket[0][amount]", "5"]]);
    const php = "purpose=Z%C3%BCrich+%26+Co+%7E+%281%29&fields%5Bemail%5D%5Bvalue%5D=a%40b.ch&basket%5B0%5D%5Bname%5D=A+B&basket%5B0%5D%5Bamount%5D=5";
    expect(apiSignature("s", pairs)).toBe(createHmac("sha256", "s").update(php).digest("base64"));
  });

  it("accepts a good ApiSignature or X-API-KEY and refuses a wrong one, another instance's secret and an unknown instance", async () => {
    expect(await api(sb, "GET", "SignatureCheck/")).toEqual([{ id: 1 }]);
    const emptySignature = encodeURIComponent(createHmac("sha256", DEMO.apiSecret).update("").digest("base64"));
    expect((await raw(sb, `v1.0/SignatureCheck/?instance=${DEMO.instance}&ApiSignature=${emptySignature}`)).status).toBe(200);
    expect((await raw(sb, `v1.0/SignatureCheck/?instance=${DEMO.instance}`, { headers: { "X-API-KEY": DEMO.apiSecret } })).status).toBe(200);

    const bad = await raw(sb, `v1.0/SignatureCheck/?instance=${DEMO.instance}&ApiSignature=${encodeURIComponent("AAAA" + emptySignature.slice(4))}`);
    expect(bad).toEqual({ status: 401, body: { status: "error", message: "An error occurred: Invalid API signature" } });
    expect((await raw(sb, `v1.0/SignatureCheck/?instance=${DEMO.instance}`)).body.message).toBe("An error occurred: Invalid API signature");
    expect((await raw(sb, `v1.0/SignatureCheck/?instance=${DEMO.instance}`, { headers: { "X-API-KEY": "payrexx-wrong-secret-0000" } })).status).toBe(401);

    const otherSecret = await failureOf(api(sb, "GET", "SignatureCheck/", undefined, { instance: DEMO.instance, apiSecret: OTHER.apiSecret }));
    expect(otherSecret).toMatchObject({ httpStatus: 401, payrexxMessage: "An error occurred: Invalid API signature" });
    const unknown = await failureOf(api(sb, "GET", "SignatureCheck/", undefined, { instance: "nobody-here", apiSecret: DEMO.apiSecret }));
    expect(unknown).toMatchObject({ httpStatus: 401, payrexxMessage: "An error occurred: Instance name or secret is wrong" });
  });

  it("refuses parameters changed after signing, and a POST that keeps parameters in the query string", async () => {
    const pairs: Array<[string, string]> = [["amount", "5000"], ["currency", "CHF"]];
    const signature = apiSignature(DEMO.apiSecret, pairs);
    const tampered = new URLSearchParams([["amount", "1"], ["currency", "CHF"], ["ApiSignature", signature]]);
    const res = await raw(sb, `v1.0/Gateway/?instance=${DEMO.instance}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: tampered });
    expect(res).toEqual({ status: 401, body: { status: "error", message: "An error occurred: Invalid API signature" } });
    const inQuery = await raw(sb, `v1.0/Gateway/?instance=${DEMO.instance}&amount=5000`, { method: "POST", headers: { "X-API-KEY": DEMO.apiSecret } });
    expect(inQuery.status).toBe(400);
  });

  it("refuses a secret regenerated in the admin (revoked) until the new one is used", async () => {
    expect((await control(sb, "POST", "revoke", { provider: "payrexx", token: OTHER.apiSecret })).status).toBe(200);
    expect(await failureOf(api(sb, "GET", "SignatureCheck/", undefined, OTHER))).toMatchObject({ httpStatus: 401 });
    const fresh = { instance: OTHER.instance, apiSecret: "payrexx-other-secret-fake-2" };
    expect((await control(sb, "POST", "payrexx/instances", { instance: fresh.instance, secret: fresh.apiSecret })).status).toBe(200);
    expect(await api(sb, "GET", "SignatureCheck/", undefined, fresh)).toEqual([{ id: 1 }]);
    OTHER.apiSecret = fresh.apiSecret;
  });
});

describe("gateways", () => {
  it("creates a gateway with a basket and contact fields, reads it back, and deletes it", async () => {
    const g = await newGateway(sb, {
      purpose: "Zürich Summit & Co (2 tickets)",
      basket: [{ name: "Early bird ~ 2030", quantity: 2, amount: 2500 }],
      fields: { email: { value: "pia+test@example.com" }, forename: { value: "Pia" } },
      validity: 30,
      skipResultPage: true,
    });
    expect(g).toMatchObject({ status: "waiting", link: `${sb.url}/payrexx/pay/${g.hash}`, amount: 5000, currency: "CHF", referenceId: "order-1", invoices: [], validity: 30 });
    expect((await api(sb, "GET", `Gateway/${g.id}/`))[0]).toMatchObject({ id: g.id, status: "waiting", purpose: "Zürich Summit & Co (2 tickets)", fields: { email: { value: "pia+test@example.com" } } });

    const fromOther = await failureOf(api(sb, "GET", `Gateway/${g.id}/`, undefined, OTHER));
    expect(fromOther).toMatchObject({ httpStatus: 404, payrexxMessage: `An error occurred: No Gateway found with id ${g.id}` });

    expect(await api(sb, "DELETE", `Gateway/${g.id}/`)).toEqual([{ id: g.id }]);
    expect(await failureOf(api(sb, "GET", `Gateway/${g.id}/`))).toMatchObject({ httpStatus: 404 });
  });

  it("refuses what the reference rules out, naming the parameter, and notes parameters it does not know", async () => {
    const refusal = async (params: Record<string, unknown>) => (await failureOf(api(sb, "POST", "Gateway/", params as never))).payrexxMessage;
    expect(await refusal({ currency: "CHF" })).toBe("An error occurred: Invalid parameter amount: is required");
    expect(await refusal({ amount: "12.50", currency: "CHF" })).toBe("An error occurred: Invalid parameter amount: must be an integer");
    expect(await refusal({ amount: 100, currency: "Swiss francs" })).toMatch(/Invalid parameter currency: must be an ISO 4217 code/);
    expect(await refusal({ amount: 100, currency: "CHF", successRedirectUrl: "/relative" })).toMatch(/successRedirectUrl: must be an absolute http\(s\) URL/);
    expect(await refusal({ amount: 100, currency: "CHF", basket: [{ name: "A", quantity: 1, amount: 99 }] })).toMatch(/basket: the basket adds up to 99, not to the amount 100/);
    expect(await refusal({ amount: 100, currency: "CHF", preAuthorization: true })).toMatch(/preAuthorization: is not emulated/);

    await api(sb, "POST", "Gateway/", { amount: 100, currency: "chf", shoeSize: 42 });
    const logged = (await requestsOf(sb, "payrexx")).filter((r) => r.operation === "payrexx Gateway.create").at(-1)!;
    expect(logged.validation.notes).toEqual(["shoeSize is not a parameter the sandbox knows; accepted and ignored"]);
  });

  it("answers in Payrexx's envelope for an unknown transaction, an unknown endpoint and an injected fault", async () => {
    expect(await failureOf(api(sb, "GET", "Transaction/123/"))).toMatchObject({ httpStatus: 404, payrexxMessage: "An error occurred: No Transaction found with id 123" });
    expect((await raw(sb, `v1.0/Invoice/?instance=${DEMO.instance}`, { headers: { "X-API-KEY": DEMO.apiSecret } })).status).toBe(404);
    await control(sb, "POST", "faults", { provider: "payrexx", match: "/SignatureCheck", kind: "status", status: 503, times: 1 });
    expect(await failureOf(api(sb, "GET", "SignatureCheck/"))).toMatchObject({ httpStatus: 503, payrexxMessage: "An error occurred: Internal server error" });
    expect(await api(sb, "GET", "SignatureCheck/")).toEqual([{ id: 1 }]);
  });
});
