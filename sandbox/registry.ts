// The sandbox's modules, one line each. Everything else (the router, the state, the
// control API, the inbox page, the spec files the sandbox needs) is derived from here.
import type { ModuleSet } from "./core/provider-module";
import { cloudinaryModule } from "./cloudinary";
import { ga4Module } from "./ga4";
import { githubModule } from "./github";
import { googleCalendarModule } from "./google-calendar";
import { googleDriveModule } from "./google-drive";
import { linkedinModule } from "./linkedin";
import { microsoft365Module } from "./microsoft365";
import { onedriveModule } from "./onedrive";
import { paypalModule } from "./paypal";
import { quickbooksModule } from "./quickbooks";
import { s3Module } from "./s3";
import { payrexxModule } from "./payrexx";
import { receiverModule } from "./receiver";
import { sendgridModule } from "./sendgrid";
import { slackModule } from "./slack";
import { smtpModule } from "./smtp";
import { stripeModule } from "./stripe";
import { twilioModule } from "./twilio";
import { xModule } from "./x";
import { zoomModule } from "./zoom";

export const PROVIDER_MODULES = [
  slackModule,
  sendgridModule,
  googleCalendarModule,
  stripeModule,
  payrexxModule,
  paypalModule,
  twilioModule,
  zoomModule,
  microsoft365Module,
  githubModule,
  quickbooksModule,
  cloudinaryModule,
  googleDriveModule,
  s3Module,
  onedriveModule,
  ga4Module,
  xModule,
  linkedinModule,
] as const;

/** Not providers: the demo webhook receiver and the platform mailer's SMTP server. */
export const BUILT_IN_MODULES = [receiverModule, smtpModule] as const;

export const MODULES: ModuleSet = { providers: PROVIDER_MODULES, all: [...PROVIDER_MODULES, ...BUILT_IN_MODULES] };

export type Provider = (typeof PROVIDER_MODULES)[number]["name"];

export const PROVIDERS: readonly Provider[] = PROVIDER_MODULES.map((m) => m.name);

/** Every file the sandbox reads, relative to the specs folder. */
export function requiredSpecFiles(): string[] {
  return [...new Set(PROVIDER_MODULES.flatMap((m) => m.specs.flatMap((s) => s.files)))];
}
