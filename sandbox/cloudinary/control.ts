// Cloudinary's console, as control operations: add a product environment with its
// own key and secret (a second account for tests), and list the environments.
import { bad, conflict, type ControlInput, type ControlResult, type ControlRoutes } from "../core/control";
import type { Ctx } from "../core/context";
import { CLOUDINARY_STATE, newCloud } from "./state";

function addCloud(ctx: Ctx, input: ControlInput): ControlResult {
  const state = CLOUDINARY_STATE.of(ctx.rt);
  const { cloud, apiKey, apiSecret } = input;
  if (typeof cloud !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(cloud)) return bad("cloud must be a cloud name: lowercase letters, digits and hyphens");
  if (typeof apiKey !== "string" || !/^\d{6,20}$/.test(apiKey)) return bad("apiKey must be digits, as Cloudinary's API keys are");
  if (typeof apiSecret !== "string" || apiSecret.length < 8) return bad("apiSecret must be at least 8 characters");
  if (state.clouds.has(cloud)) return conflict(`A cloud named ${cloud} exists already`);
  state.clouds.set(cloud, newCloud(cloud, apiKey, apiSecret, ctx.rt.clock.now()));
  return { status: 201, body: { cloud, apiKey } };
}

export const CLOUDINARY_CONTROL: ControlRoutes = {
  "/clouds": {
    POST: addCloud,
    GET: (ctx) => ({ status: 200, body: [...CLOUDINARY_STATE.of(ctx.rt).clouds.values()].map((c) => ({ cloud: c.name, apiKey: c.apiKey })) }),
  },
};
