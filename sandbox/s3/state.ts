// The buckets the emulated S3 holds (objects, multipart uploads in progress, CORS
// rules) and the access keys that may reach them.
import { stateSlot } from "../core/state-slot";

export interface StoredObject {
  key: string;
  body: Buffer;
  contentType: string;
  /** Quoted, as S3 sends it: the MD5 of the body, or "<md5 of part md5s>-<parts>" after a multipart upload. */
  etag: string;
  lastModifiedMs: number;
  metadata: Record<string, string>;
  /** Headers S3 stores and returns as they were given. */
  stored: Record<string, string>;
  /** Flexible checksums the writer gave (crc32…), returned with x-amz-checksum-mode: ENABLED. */
  checksums: Record<string, string>;
}

export interface Part {
  number: number;
  body: Buffer;
  etag: string;
}

export interface MultipartUpload {
  id: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  stored: Record<string, string>;
  initiatedMs: number;
  parts: Map<number, Part>;
}

export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

export interface Bucket {
  name: string;
  createdMs: number;
  region: string;
  objects: Map<string, StoredObject>;
  uploads: Map<string, MultipartUpload>;
  /** Null: no CORS configuration (GetBucketCors answers NoSuchCORSConfiguration). */
  cors: CorsRule[] | null;
}

/** What a key may do: everything, only read, or nothing at all (a key whose policy was taken away). */
export const KEY_ACCESS = ["read-write", "read-only", "none"] as const;
export type KeyAccess = (typeof KEY_ACCESS)[number];

export interface AccessKey {
  id: string;
  secret: string;
  /** Bucket names it may reach; ["*"] for all. */
  buckets: string[];
  access: KeyAccess;
  createdMs: number;
}

export interface S3State {
  buckets: Map<string, Bucket>;
  keys: Map<string, AccessKey>;
}

/** Public on purpose: they sign for the local emulator only (README, "Sandbox: S3"). */
export const SANDBOX_S3 = {
  bucket: "switchboard-sandbox",
  region: "us-east-1",
  accessKeyId: "AKIASANDBOXEXAMPLE01",
  secretAccessKey: "sandbox-s3-secret-key-not-a-real-secret-0000",
} as const;

/** The app's origin (APP_URL) and any local port, so a browser can upload straight to the seeded bucket. */
export function defaultCors(): CorsRule[] {
  const origins = ["http://localhost:*", "http://127.0.0.1:*"];
  const app = process.env.APP_URL?.replace(/\/+$/, "");
  if (app && !origins.includes(app)) origins.unshift(app);
  return [
    {
      id: "app-uploads",
      allowedOrigins: origins,
      allowedMethods: ["GET", "PUT", "POST", "HEAD"],
      allowedHeaders: ["*"],
      exposeHeaders: ["ETag", "x-amz-request-id"],
      maxAgeSeconds: 3000,
    },
  ];
}

export function newBucket(name: string, nowMs: number, cors: CorsRule[] | null, region: string = SANDBOX_S3.region): Bucket {
  return { name, createdMs: nowMs, region, objects: new Map(), uploads: new Map(), cors };
}

export const S3_STATE = stateSlot<"s3", S3State>("s3", (nowMs) => ({
  buckets: new Map([[SANDBOX_S3.bucket, newBucket(SANDBOX_S3.bucket, nowMs, defaultCors())]]),
  keys: new Map([[SANDBOX_S3.accessKeyId, { id: SANDBOX_S3.accessKeyId, secret: SANDBOX_S3.secretAccessKey, buckets: ["*"], access: "read-write", createdMs: nowMs }]]),
}));
