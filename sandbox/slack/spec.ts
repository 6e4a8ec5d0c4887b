import { specSource } from "../core/spec-source";
import { createSwagger2Spec } from "../validation/swagger2";

export const SLACK_SPEC = specSource(["slack/slack_web_openapi_v2.json"], ([doc]) => createSwagger2Spec(doc));
