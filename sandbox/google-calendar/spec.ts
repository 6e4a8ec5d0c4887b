import { specSource } from "../core/spec-source";
import { createDiscoverySpec } from "../validation/discovery";

export const CALENDAR_SPEC = specSource(["google/calendar-v3-discovery.json"], ([doc]) => createDiscoverySpec(doc));
