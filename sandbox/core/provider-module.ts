// What the server needs from each emulated provider: its routes, and its own way of
// saying "error" when the sandbox answers in its place (faults, oversized bodies, bugs).
import type { Ctx } from "./context";
import type { Provider } from "./providers";

export interface ProviderModule {
  name: Provider;
  handle(ctx: Ctx): Promise<void>;
  /** Answers `status` in the provider's error shape; a Retry-After is added for 429s. */
  fail(ctx: Ctx, status: number, retryAfterSeconds?: number): void;
  /** False for a provider whose 429s carry no Retry-After unless a fault asks for one. Default true. */
  retryAfterOn429?: boolean;
}
