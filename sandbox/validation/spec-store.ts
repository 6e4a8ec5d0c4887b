// The providers' published API descriptions, read from the shared specs folder beside
// the clone (never copied into the repository). Presence is checked at start; each
// file is parsed on first use and kept for the life of the sandbox.
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import type { Provider } from "../core/providers";
import { patchSendGridSpec } from "../sendgrid/errata";
import { patchStripeSpec } from "../stripe/errata";
import { patchPaypalSpec } from "../paypal/errata";
import { createDiscoverySpec, type DiscoverySpec } from "./discovery";
import { createOpenApi3Spec, type OpenApi3Spec } from "./openapi3";
import { createFormSpec, type FormSpec } from "./openapi3-form";
import { createSwagger2Spec, type Swagger2Spec } from "./swagger2";

/** Payrexx publishes no API description: its emulation checks requests with zod schemas written from its docs (payrexx/api/inputs.ts). */
export const SPEC_FILES: Record<Exclude<Provider, "payrexx">, string> = {
  slack: "slack/slack_web_openapi_v2.json",
  sendgrid: "sendgrid/tsg_mail_v3.json",
  google: "google/calendar-v3-discovery.json",
  stripe: "stripe/spec3.json",
  paypal: "paypal/checkout_orders_v2.json",
};

/** PayPal publishes one file per API: Orders (the one SPEC_FILES names), Payments (captures, refunds) and Webhooks. */
export const PAYPAL_SPEC_FILES = { orders: "paypal/checkout_orders_v2.json", payments: "paypal/payments_payment_v2.json", webhooks: "paypal/notifications_webhooks_v1.json" } as const;

export interface PaypalSpecs {
  orders: OpenApi3Spec;
  payments: OpenApi3Spec;
  webhooks: OpenApi3Spec;
}

/** Not validated against, but needed: Stripe's example objects are the templates its answers are shaped after. */
export const STRIPE_FIXTURES_FILE = "stripe/fixtures3.json";

export interface SpecStore {
  dir: string;
  /** True when every provider's spec is present; requests are then checked against them. */
  validating: boolean;
  missing: string[];
  slack(): Promise<Swagger2Spec | null>;
  sendgrid(): Promise<OpenApi3Spec | null>;
  google(): Promise<DiscoverySpec | null>;
  stripe(): Promise<FormSpec | null>;
  paypal(): Promise<PaypalSpecs | null>;
  /** fixtures3.json's `resources`, or null without the specs folder. */
  stripeFixtures(): Promise<Record<string, unknown> | null>;
}

export function defaultSpecsDir(): string {
  return process.env.SWITCHBOARD_SPECS_DIR ?? path.resolve(process.cwd(), "..", "shared", "specs");
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

/** Every file the sandbox reads, relative to the specs folder. */
export function requiredSpecFiles(): string[] {
  return [...new Set([...Object.values(SPEC_FILES), ...Object.values(PAYPAL_SPEC_FILES)]), STRIPE_FIXTURES_FILE];
}

export async function openSpecStore(dir: string): Promise<SpecStore> {
  const files = requiredSpecFiles().map((f) => path.join(dir, f));
  const missing: string[] = [];
  for (const f of files) if (!(await exists(f))) missing.push(f);
  const validating = missing.length === 0;
  const load = async (p: keyof typeof SPEC_FILES): Promise<unknown> => JSON.parse(await readFile(path.join(dir, SPEC_FILES[p]), "utf8")) as unknown;
  return {
    dir,
    validating,
    missing,
    slack: once(async () => (validating ? createSwagger2Spec(await load("slack")) : null)),
    sendgrid: once(async () => (validating ? createOpenApi3Spec(await load("sendgrid"), patchSendGridSpec) : null)),
    google: once(async () => (validating ? createDiscoverySpec(await load("google")) : null)),
    stripe: once(async () => (validating ? createFormSpec(await load("stripe"), patchStripeSpec) : null)),
    paypal: once(async () => {
      if (!validating) return null;
      const read = async (f: string) => createOpenApi3Spec(JSON.parse(await readFile(path.join(dir, f), "utf8")), patchPaypalSpec);
      return { orders: await read(PAYPAL_SPEC_FILES.orders), payments: await read(PAYPAL_SPEC_FILES.payments), webhooks: await read(PAYPAL_SPEC_FILES.webhooks) };
    }),
    stripeFixtures: once(async () => {
      if (!validating) return null;
      const doc = JSON.parse(await readFile(path.join(dir, STRIPE_FIXTURES_FILE), "utf8")) as { resources?: Record<string, unknown> };
      return doc.resources ?? null;
    }),
  };
}
