// The parameters Payrexx's endpoints take, as zod schemas written from its API
// reference (https://developers.payrexx.com/reference/create-a-gateway and the
// Transaction pages). Payrexx publishes no machine-readable spec, so these are the
// sandbox's reading of the prose: required fields, types, amounts in cents, the
// basket summing to the amount. Values arrive as form strings or JSON numbers alike.
import { z } from "zod";
import type { Issue, ValidationOutcome } from "../../core/validation-outcome";

const integer = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: "custom", message: "must be an integer" });
    return z.NEVER;
  }
  return n;
});

const positive = integer.refine((n) => n > 0, "must be greater than 0");

const decimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : v.trim() === "" ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "must be a number" });
    return z.NEVER;
  }
  return n;
});

const flag = z.union([z.boolean(), z.enum(["0", "1", "true", "false"])]).transform((v) => v === true || v === "1" || v === "true");

const url = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an absolute http(s) URL");

/** Payrexx takes a text, or one text per language id ({1: "…", 2: "…"}). */
const text = z.union([z.string(), z.record(z.string(), z.string())]).transform((v) => (typeof v === "string" ? v : (Object.values(v)[0] ?? "")));

const listOf = <T extends z.ZodType>(item: T) => z.union([z.array(item), item.transform((v) => [v])]);

const basketItem = z.object({
  name: text,
  description: text.optional(),
  quantity: positive,
  amount: integer,
  sku: z.string().optional(),
  vatRate: decimal.optional(),
});

const field = z.object({ value: z.string(), mandatory: flag.optional() });

/** Kept to what the sandbox emulates; the rest of Payrexx's options are refused by name. */
const NOT_EMULATED = ["preAuthorization", "reservation", "chargeOnAuthorization", "subscriptionState"] as const;

export const gatewayInput = z
  .object({
    amount: positive,
    currency: z.string().regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as CHF").transform((s) => s.toUpperCase()),
    vatRate: decimal.optional(),
    sku: z.string().optional(),
    purpose: text.optional(),
    successRedirectUrl: url.optional(),
    failedRedirectUrl: url.optional(),
    cancelRedirectUrl: url.optional(),
    basket: listOf(basketItem).optional(),
    psp: listOf(integer).optional(),
    pm: listOf(z.string()).optional(),
    referenceId: z.string().max(255, "must be at most 255 characters").optional(),
    fields: z.record(z.string(), field).optional(),
    language: z.string().regex(/^[a-z]{2}$/, "must be an ISO 639-1 code such as de").optional(),
    skipResultPage: flag.optional(),
    validity: positive.optional(),
    buttonText: text.optional(),
    lookAndFeelProfile: z.string().optional(),
    successMessage: z.string().optional(),
    preAuthorization: flag.optional(),
    reservation: flag.optional(),
    chargeOnAuthorization: flag.optional(),
    subscriptionState: flag.optional(),
  })
  .superRefine((g, ctx) => {
    for (const name of NOT_EMULATED) {
      if (g[name]) ctx.addIssue({ code: "custom", path: [name], message: "is not emulated by the sandbox (see sandbox/README.md)" });
    }
    if (g.basket && g.basket.length > 0) {
      const sum = g.basket.reduce((s, b) => s + b.amount * b.quantity, 0);
      if (sum !== g.amount) ctx.addIssue({ code: "custom", path: ["basket"], message: `the basket adds up to ${sum}, not to the amount ${g.amount}` });
    }
  });
export type GatewayInput = z.infer<typeof gatewayInput>;

export const refundInput = z.object({ amount: positive.optional() });

export const KNOWN_PARAMETERS = {
  gateway: Object.keys(gatewayInput.shape),
  refund: ["amount"],
};

function valueAt(values: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), values);
}

/** A parse as the request log records it: every issue by its path, unknown parameters as notes. */
export function outcomeOf(result: z.ZodSafeParseResult<unknown>, values: Record<string, unknown>, known: string[]): ValidationOutcome {
  const issues: Issue[] = result.success
    ? []
    : result.error.issues.map((i) => ({
        location: "body",
        path: i.path.map(String).join(".") || "(parameters)",
        message: i.path.length > 0 && valueAt(values, i.path) === undefined ? "is required" : i.message,
        rule: i.code,
      }));
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  return { checked: true, issues, notes: unknown.map((k) => `${k} is not a parameter the sandbox knows; accepted and ignored`) };
}
