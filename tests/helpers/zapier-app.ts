// The Zapier app (zapier-app/, CommonJS as Zapier runs it) loaded into a test,
// with the few shapes the tests read typed.
import { createRequire } from "node:module";
import path from "node:path";
import type { Bundle, ZObject } from "zapier-platform-core";

// From the repository root: Playwright compiles tests to CommonJS, where import.meta does not exist.
const requireCjs = createRequire(path.resolve("package.json"));

export type Perform = (z: ZObject, bundle: Bundle) => unknown;

export interface AppField {
  key: string;
  required?: boolean;
  dynamic?: string;
}

export interface AppTrigger {
  key: string;
  noun: string;
  display: { label: string; description: string; hidden?: boolean };
  operation: {
    type?: string;
    perform: Perform;
    performList?: Perform;
    performSubscribe?: Perform;
    performUnsubscribe?: Perform;
    sample: Record<string, unknown>;
    outputFields?: Array<{ key: string }>;
  };
}

export interface AppCreate {
  key: string;
  operation: { inputFields: AppField[]; perform: Perform; sample: Record<string, unknown> };
}

export interface ZapierApp {
  version: string;
  platformVersion: string;
  authentication: { type: string; fields: AppField[]; test: Perform; connectionLabel: Perform };
  triggers: Record<string, AppTrigger>;
  creates: Record<string, AppCreate>;
}

/**
 * zapier-platform-core reads NODE_ENV once, when first loaded: under "test" (as
 * `zapier test` runs it) the platform's output checks (every trigger item has an
 * id, an action answers an object…) throw instead of only logging.
 */
export function loadZapierApp(): ZapierApp {
  const env = process.env as Record<string, string | undefined>;
  const before = env.NODE_ENV;
  env.NODE_ENV = "test";
  try {
    return requireCjs("./zapier-app") as ZapierApp;
  } finally {
    if (before === undefined) delete env.NODE_ENV;
    else env.NODE_ENV = before;
  }
}

/** The platform's own harness: runs one of the app's functions as Zapier would, with the given bundle. */
export type AppTester = (method: Perform, bundle: Partial<Record<keyof Bundle, unknown>>) => Promise<unknown>;

export function appTesterFor(app: ZapierApp): AppTester {
  return zapierCore().createAppTester(app) as unknown as AppTester;
}

export function requireFromZapierApp<T>(file: string): T {
  return requireCjs(`./zapier-app/${file}`) as T;
}

/** zapier-platform-core itself, as the app resolves it (the same instance its errors come from). */
export function zapierCore(): typeof import("zapier-platform-core") {
  return requireCjs("zapier-platform-core");
}

/** The message of the error a step stopped with (Zapier's own errors carry theirs as JSON); a step that succeeds fails the test. */
export async function failureOf(step: Promise<unknown>): Promise<string> {
  try {
    await step;
  } catch (err) {
    if (err instanceof Error) return err.message;
    throw err;
  }
  throw new Error("The step should have failed, and it succeeded");
}
