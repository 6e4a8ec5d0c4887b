import { specSource } from "../core/spec-source";
import { createOpenApi3Spec } from "../validation/openapi3";
import { patchSendGridSpec } from "./errata";

export const SENDGRID_SPEC = specSource(["sendgrid/tsg_mail_v3.json"], ([doc]) => createOpenApi3Spec(doc, patchSendGridSpec));
