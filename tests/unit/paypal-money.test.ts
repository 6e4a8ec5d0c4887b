import { describe, expect, it } from "vitest";
import { fromPayPalValue, toPayPalMoney } from "@/lib/integrations/paypal/money";
import { unicodeSafePattern } from "../../sandbox/paypal/errata";

describe("PayPal amounts", () => {
  it("writes minor units as PayPal's decimal strings, per PayPal's own decimals", () => {
    expect(toPayPalMoney(2500, "EUR")).toEqual({ currency_code: "EUR", value: "25.00" });
    expect(toPayPalMoney(5, "usd")).toEqual({ currency_code: "USD", value: "0.05" });
    expect(toPayPalMoney(1500, "JPY")).toEqual({ currency_code: "JPY", value: "1500" });
    // TWD has two decimals in our minor units (ISO 4217) but none at PayPal.
    expect(toPayPalMoney(250000, "TWD")).toEqual({ currency_code: "TWD", value: "2500" });
    expect(() => toPayPalMoney(250050, "TWD")).toThrow("whole TWD");
  });

  it("reads PayPal's decimal strings back into minor units", () => {
    expect(fromPayPalValue("25.00", "EUR")).toBe(2500);
    expect(fromPayPalValue("25.5", "EUR")).toBe(2550);
    expect(fromPayPalValue("25", "EUR")).toBe(2500);
    expect(fromPayPalValue("1500", "JPY")).toBe(1500);
    expect(fromPayPalValue("2500", "TWD")).toBe(250000);
    expect(() => fromPayPalValue("-1.00", "EUR")).toThrow();
    expect(() => fromPayPalValue("1.001", "EUR")).toThrow();
  });
});

describe("the sandbox's reading of PayPal's spec patterns", () => {
  it("turns Java-style patterns into Unicode-mode JavaScript ones that match the same strings", () => {
    const p = unicodeSafePattern("^[a-zA-Z0-9_'\\-., :;\\!?\"]*$")!;
    const re = new RegExp(p, "u");
    expect(re.test("Tickets: 2, thanks!")).toBe(true);
    expect(re.test("no <tags>")).toBe(false);
    expect(new RegExp(unicodeSafePattern("^a{2}\\]}$")!, "u").test("aa]}")).toBe(true);
  });
});
