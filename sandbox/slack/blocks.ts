// Block Kit arguments: Slack refuses malformed JSON and unknown block types before it
// posts anything, so a message that would fail in production fails here too.
import { argJsonArray } from "./args";
import type { SlackArgs } from "./method";

const BLOCK_TYPES = new Set([
  "actions", "context", "divider", "file", "header", "image", "input", "section", "video", "rich_text", "markdown", "call",
]);
const MAX_BLOCKS = 50;

export type BlocksResult = { ok: true; blocks: unknown[] | null } | { ok: false; error: string; message: string };

export function readBlocks(args: SlackArgs): BlocksResult {
  const raw = argJsonArray(args, "blocks");
  if (raw === undefined) return { ok: true, blocks: null };
  if (raw === "invalid") return { ok: false, error: "invalid_blocks_format", message: "[ERROR] blocks must be a JSON array" };
  if (raw.length > MAX_BLOCKS) return { ok: false, error: "invalid_blocks", message: `[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]` };
  for (const [i, b] of raw.entries()) {
    const type = typeof b === "object" && b !== null ? (b as Record<string, unknown>).type : undefined;
    if (typeof type !== "string" || !BLOCK_TYPES.has(type)) {
      return { ok: false, error: "invalid_blocks", message: `[ERROR] unsupported type: ${String(type)} [json-pointer:/blocks/${i}/type]` };
    }
  }
  return { ok: true, blocks: raw };
}
