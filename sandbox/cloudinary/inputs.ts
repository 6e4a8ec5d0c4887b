// Cloudinary publishes no machine-readable API description (nothing for it in
// ../shared/specs), so the parameters of the calls we emulate are checked with
// zod schemas written from its Upload API and Admin API references
// (cloudinary.com/documentation/image_upload_api_reference#upload,
// …#destroy, admin_api#get_resources): a public id of at most 255 characters
// without "?", "&", "#", "\", "%", "<" or ">" (Cloudinary's reserved characters),
// booleans as true/false/1/0, a Unix timestamp in whole seconds, type one of
// upload/private/authenticated, max_results from 1 to 500. Parameters the sandbox
// does not know are accepted, signed and ignored, as Cloudinary ignores them, and
// noted in the request log.
import { z } from "zod";
import type { Issue, ValidationOutcome } from "../core/validation-outcome";

const flag = z.enum(["true", "false", "1", "0"], "must be true, false, 1 or 0").transform((v) => v === "true" || v === "1");

export const publicId = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[^?&#\\%<>]+$/, "must not contain ? & # \\ % < or >")
  .refine((v) => !v.startsWith("/") && !v.endsWith("/") && !v.includes("//"), "must not start or end with / or have empty folder names");

const timestamp = z.string().regex(/^\d{1,12}$/, "must be a Unix time in whole seconds");
const deliveryType = z.enum(["upload", "private", "authenticated"], "must be upload, private or authenticated");

const signed = {
  api_key: z.string().optional(),
  timestamp: timestamp.optional(),
  signature: z.string().optional(),
  signature_algorithm: z.enum(["sha1", "sha256"]).optional(),
};

export const uploadInput = z.object({
  ...signed,
  public_id: publicId.optional(),
  folder: z.string().max(255).optional(),
  overwrite: flag.optional(),
  invalidate: flag.optional(),
  unique_filename: flag.optional(),
  use_filename: flag.optional(),
  type: deliveryType.optional(),
  tags: z.string().optional(),
  context: z.string().optional(),
  display_name: z.string().max(255).optional(),
  upload_preset: z.string().optional(),
});
export type UploadInput = z.infer<typeof uploadInput>;

export const destroyInput = z.object({
  ...signed,
  public_id: publicId,
  type: deliveryType.optional(),
  invalidate: flag.optional(),
});
export type DestroyInput = z.infer<typeof destroyInput>;

export const listInput = z.object({
  prefix: z.string().max(255).optional(),
  max_results: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, "must be from 1 to 500")
    .optional(),
  next_cursor: z.string().optional(),
  direction: z.enum(["asc", "desc", "1", "-1"]).optional(),
});
export type ListInput = z.infer<typeof listInput>;

export const KNOWN = {
  upload: Object.keys(uploadInput.shape),
  destroy: Object.keys(destroyInput.shape),
  list: Object.keys(listInput.shape),
} as const;

export function outcomeOf(result: z.ZodSafeParseResult<unknown>, values: Record<string, string>, known: readonly string[], location: Issue["location"]): ValidationOutcome {
  const issues: Issue[] = result.success
    ? []
    : result.error.issues.map((i) => ({
        location,
        path: i.path.map(String).join(".") || "(parameters)",
        message: i.path.length === 1 && values[String(i.path[0])] === undefined ? "is required" : i.message,
        rule: i.code,
      }));
  const unknown = Object.keys(values).filter((k) => !known.includes(k) && k !== "file" && k !== "resource_type");
  return {
    checked: true,
    issues,
    notes: ["Checked with zod schemas written from Cloudinary's API reference (no published spec)", ...unknown.map((k) => `${k} is not a parameter the sandbox knows; accepted, signed and ignored`)],
  };
}
