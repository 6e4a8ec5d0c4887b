// Everything the modules remember, per sandbox instance, each under its name; a
// reset rebuilds it from the seeds.
import { BUILT_IN_MODULES, PROVIDER_MODULES } from "./registry";

type Module = (typeof PROVIDER_MODULES)[number] | (typeof BUILT_IN_MODULES)[number];

export type SandboxState = { [M in Module as M["name"]]: ReturnType<M["state"]["seed"]> };

export function seedState(nowMs: number): SandboxState {
  return Object.fromEntries([...PROVIDER_MODULES, ...BUILT_IN_MODULES].map((m) => [m.name, m.state.seed(nowMs)])) as SandboxState;
}
