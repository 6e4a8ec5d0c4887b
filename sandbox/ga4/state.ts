// What the sandbox's Google Analytics received: Measurement Protocol hits, what
// the validation server was asked and answered, and the stand-in tag's page views.
import { stateSlot } from "../core/state-slot";
import type { ValidationMessage } from "./payload";

export interface CollectedHit {
  at: string;
  measurementId: string;
  /** Whether an API secret came with it (GA drops hits without one); its value is never kept. */
  withSecret: boolean;
  clientId: string | null;
  events: Array<{ name: string; params: Record<string, unknown> }>;
  /** What the validation server would have said; GA itself answers 204 and drops bad events quietly. */
  problems: ValidationMessage[];
}

export interface ValidationAsked {
  at: string;
  measurementId: string;
  messages: ValidationMessage[];
}

export interface PageView {
  at: string;
  measurementId: string;
  clientId: string;
  location: string;
  title: string;
}

export interface Ga4State {
  hits: CollectedHit[];
  validations: ValidationAsked[];
  /** How often gtag.js was served, by measurement id. */
  tagLoads: Record<string, number>;
  pageViews: PageView[];
}

export const GA4_STATE = stateSlot("ga4", (): Ga4State => ({ hits: [], validations: [], tagLoads: {}, pageViews: [] }));
