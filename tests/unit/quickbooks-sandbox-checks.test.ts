// The QuickBooks sandbox's request checks against Intuit's entity XSDs, its query
// language, and the intuit-signature a webhook must carry.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSpecsDir } from "@/sandbox/validation/spec-store";
import { createXsdModel } from "@/sandbox/quickbooks/xsd";
import { matches, parseQuery } from "@/sandbox/quickbooks/query";
import { QUICKBOOKS_SPEC } from "@/sandbox/quickbooks/spec";
import { intuitSignature, verifyIntuitSignature } from "@/lib/integrations/quickbooks/signing";
import { docNumber, stableUuid } from "@/lib/integrations/quickbooks/books";

const model = createXsdModel(QUICKBOOKS_SPEC.files.map((f) => readFileSync(path.join(defaultSpecsDir(), f), "utf8")));

describe("Intuit's entity XSDs as a request check", () => {
  it("accepts the bodies the connector sends", () => {
    expect(model.check("Customer", { DisplayName: "Ada (ada@example.test)", GivenName: "Ada", PrimaryEmailAddr: { Address: "ada@example.test" } })).toEqual([]);
    expect(model.check("Item", { Name: "Summit - General", Type: "Service", IncomeAccountRef: { value: "1" }, UnitPrice: 25 })).toEqual([]);
    const line = { Amount: 50, DetailType: "SalesItemLineDetail", Description: "General × 2", SalesItemLineDetail: { ItemRef: { value: "100" }, Qty: 2, UnitPrice: 25, TaxCodeRef: { value: "2" } } };
    expect(model.check("SalesReceipt", { DocNumber: "SW-0123456789abcdef01", PrivateNote: "x", CustomerRef: { value: "1" }, DepositToAccountRef: { value: "3" }, BillEmail: { Address: "a@b.test" }, Line: [line] })).toEqual([]);
    expect(model.check("RefundReceipt", { DocNumber: "RF-1", CustomerRef: { value: "1" }, DepositToAccountRef: { value: "3" }, Line: [line] })).toEqual([]);
    expect(model.check("Payment", { CustomerRef: { value: "1" }, TotalAmt: 40, PaymentRefNum: "SW-1", Line: [{ Amount: 40, LinkedTxn: [{ TxnId: "7", TxnType: "Invoice" }] }] })).toEqual([]);
    expect(model.check("Customer", { Id: "5", SyncToken: "2", sparse: true, FamilyName: "Lovelace" })).toEqual([]);
  });

  it("refuses properties the entity does not have and values of the wrong type, naming where", () => {
    expect(model.check("SalesReceipt", { CustomerRef: { value: "1" }, Colour: "red" })).toEqual([expect.objectContaining({ path: "Colour", rule: "unknown" })]);
    expect(model.check("SalesReceipt", { Line: [{ Amount: "fifty", DetailType: "SalesItemLineDetail" }] })).toEqual([expect.objectContaining({ path: "Line.0.Amount", rule: "type" })]);
    expect(model.check("Customer", { PrimaryEmailAddr: "ada@example.test" })).toEqual([expect.objectContaining({ path: "PrimaryEmailAddr", rule: "type" })]);
    expect(model.check("Item", { Name: "x", Active: "yes" })).toEqual([expect.objectContaining({ path: "Active", rule: "type" })]);
  });
});

describe("the sandbox's query language", () => {
  const customer = { Id: "1", SyncToken: "0", MetaData: { CreateTime: "", LastUpdatedTime: "" }, DisplayName: "O'Hara", PrimaryEmailAddr: { Address: "o@example.test" }, AccountType: "Income" };
  it("matches on nested addresses and quoted values", () => {
    const q = parseQuery("select * from Customer where PrimaryEmailAddr = 'O@example.test'");
    expect(typeof q).toBe("object");
    expect(matches(customer, q as Exclude<typeof q, string>)).toBe(true);
    const quoted = parseQuery("select * from Customer where DisplayName = 'O\\'Hara' maxresults 10");
    expect(matches(customer, quoted as Exclude<typeof quoted, string>)).toBe(true);
    const within = parseQuery("select * from Account where AccountType in ('Bank', 'Income')");
    expect(matches(customer, within as Exclude<typeof within, string>)).toBe(true);
  });
  it("refuses what it cannot parse", () => {
    expect(parseQuery("delete from Customer")).toMatch(/QueryParserError/);
  });
});

describe("intuit-signature", () => {
  const body = '{"eventNotifications":[]}';
  it("accepts the body's HMAC under the verifier token and refuses any other", () => {
    expect(() => verifyIntuitSignature(body, new Headers({ "intuit-signature": intuitSignature("token", body) }), "token")).not.toThrow();
    expect(() => verifyIntuitSignature(body, new Headers({ "intuit-signature": intuitSignature("other", body) }), "token")).toThrow(/does not match/);
    expect(() => verifyIntuitSignature(body + " ", new Headers({ "intuit-signature": intuitSignature("token", body) }), "token")).toThrow(/does not match/);
    expect(() => verifyIntuitSignature(body, new Headers(), "token")).toThrow(/Missing/);
  });
});

describe("our references in QuickBooks", () => {
  it("fit Intuit's 21-character DocNumber and are the same for the same order", () => {
    const id = "2f1c0a4e-5b8d-4c3e-9f7a-1b2c3d4e5f60";
    expect(docNumber("SW", id)).toHaveLength(21);
    expect(docNumber("SW", id)).toBe(docNumber("SW", id));
    expect(docNumber("RF", id, "a")).not.toBe(docNumber("RF", id, "b"));
    expect(stableUuid("customer:a@b.test")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
