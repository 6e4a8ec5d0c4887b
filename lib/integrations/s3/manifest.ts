// S3-compatible storage as data: the keys and bucket an admin types (AWS S3,
// Cloudflare R2, DigitalOcean Spaces, MinIO, Supabase Storage's S3 endpoint are
// all the same form; the endpoint and path-style addressing tell them apart).
import { z } from "zod";
import { defineManifest, type ConnectorContext } from "../contract";
import { endpointProblem } from "./endpoint";

const TRUE_WORDS = ["yes", "true", "on", "1"];
const FALSE_WORDS = ["no", "false", "off", "0", ""];

/**
 * A yes/no typed into the key form, which has text inputs only; "on" is what a
 * checkbox posts, so the field keeps working if the form renders one.
 */
const yesNo = z.preprocess(
  (v) => (typeof v === "boolean" ? String(v) : v),
  z
    .string("Type yes or no")
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v), "Type yes or no")
    .transform((v) => TRUE_WORDS.includes(v)),
);

const s3Credentials = z.object({
  accessKeyId: z
    .string()
    .trim()
    .min(1, "Paste the access key ID")
    .regex(/^\S{3,128}$/, "An access key ID is one word of letters and digits (AWS keys start with AKIA); copy it whole, without spaces")
    .meta({ label: "Access key ID", placeholder: "AKIAIOSFODNN7EXAMPLE", help: "The key's ID: AWS IAM → Users → Security credentials; R2 → Manage API tokens; Spaces → API → Spaces Keys; Supabase → Storage → S3 Connection." }),
  secretAccessKey: z
    .string()
    .trim()
    .min(1, "Paste the secret access key")
    .regex(/^\S{8,}$/, "A secret access key is at least 8 characters without spaces; paste the secret shown when the key was created")
    .meta({ label: "Secret access key", input: "secret", help: "Shown once, when the key is created. The key needs to put, get, delete and list objects in the bucket." }),
  bucket: z
    .string()
    .trim()
    .min(1, "Enter the bucket's name")
    .refine((v) => !/^s3:\/\/|^https?:\/\/|\//.test(v), "Give the bucket's name only, without s3://, a URL or a folder")
    .refine((v) => /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$/.test(v), "A bucket name is 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit")
    .meta({ label: "Bucket", placeholder: "my-events-files", help: "An existing bucket, kept private: files are read through links that expire." }),
  region: z
    .string()
    .trim()
    .toLowerCase()
    .default("us-east-1")
    .refine((v) => /^[a-z0-9-]{2,32}$/.test(v), "A region looks like us-east-1 (AWS), auto (Cloudflare R2) or nyc3 (DigitalOcean Spaces)")
    .meta({ label: "Region", placeholder: "us-east-1", help: "The bucket's region. Cloudflare R2: auto. Spaces: the region in the endpoint (nyc3). MinIO: us-east-1 unless set otherwise. Supabase: the project's region." }),
  endpoint: z
    .string()
    .trim()
    .default("")
    .superRefine((v, ctx) => {
      const problem = v === "" ? null : endpointProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((v) => v.replace(/\/+$/, ""))
    .meta({
      label: "Endpoint (not for AWS)",
      placeholder: "https://<account id>.r2.cloudflarestorage.com",
      help: "Empty for AWS S3. R2: https://<account id>.r2.cloudflarestorage.com; Spaces: https://<region>.digitaloceanspaces.com; MinIO: your server's URL; Supabase: https://<project ref>.supabase.co/storage/v1/s3.",
    }),
  pathStyle: yesNo.default(false).meta({
    label: "Path-style addressing",
    placeholder: "no",
    help: "Type yes for MinIO and Supabase Storage, which address buckets as <endpoint>/<bucket>; no (the default) for AWS, R2 and Spaces.",
  }),
});

const s3Settings = z.object({});

export type S3Credentials = z.infer<typeof s3Credentials>;
export type S3Settings = z.infer<typeof s3Settings>;
export type S3Context = ConnectorContext<S3Credentials, S3Settings>;

export const manifest = defineManifest<S3Credentials, S3Settings>({
  id: "s3",
  name: "S3-compatible storage",
  category: "storage",
  description: "Keep cover images, event materials and attendees' uploads in your own bucket on AWS S3, Cloudflare R2, DigitalOcean Spaces, MinIO or Supabase Storage; browsers upload straight to it.",
  auth: "api_key",
  // The live endpoint comes from the credentials (AWS's regional one when empty); the sandbox emulates S3 at /s3.
  baseUrls: { live: "https://s3.amazonaws.com/", sandboxPath: "/s3/" },
  // Browsers upload straight to the bucket and follow read links to it: the hosted
  // services' hosts. A bucket on a host of one's own (MinIO) is added with STORAGE_ORIGINS.
  browserOrigins: ["https://*.amazonaws.com", "https://*.r2.cloudflarestorage.com", "https://*.digitaloceanspaces.com", "https://*.supabase.co"],
  credentialsSchema: s3Credentials,
  settingsSchema: s3Settings,
  // S3 takes thousands of requests a second per prefix; the bucket only stops a runaway loop.
  rateLimit: { capacity: 100, refillPerSecond: 50 },
});
