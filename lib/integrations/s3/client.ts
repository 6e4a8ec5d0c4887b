// One S3 client per connector context: the official SDK pointed at AWS (its
// regional endpoint), the endpoint the admin gave (R2, Spaces, MinIO, Supabase),
// or the sandbox's emulator, which serves buckets path-style under its /s3 prefix.
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Context, S3Credentials } from "./manifest";

const clients = new WeakMap<S3Context, S3Client>();

export interface S3Target {
  /** Undefined for AWS: the SDK picks the region's endpoint. */
  endpoint?: string;
  forcePathStyle: boolean;
}

export function s3Target(ctx: Pick<S3Context, "baseUrl" | "connection" | "credentials">): S3Target {
  if (ctx.connection.mode === "sandbox") return { endpoint: ctx.baseUrl.replace(/\/+$/, ""), forcePathStyle: true };
  return { endpoint: ctx.credentials.endpoint || undefined, forcePathStyle: ctx.credentials.pathStyle };
}

/** Where the bucket is, as a person reads it: "my-bucket at nyc3.digitaloceanspaces.com". */
export function bucketHost(ctx: Pick<S3Context, "baseUrl" | "connection" | "credentials">): string {
  const { endpoint } = s3Target(ctx);
  return endpoint ? new URL(endpoint).host : `s3.${ctx.credentials.region}.amazonaws.com`;
}

export function makeS3Client(credentials: S3Credentials, target: S3Target): S3Client {
  return new S3Client({
    region: credentials.region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    endpoint: target.endpoint,
    forcePathStyle: target.forcePathStyle,
    // The call policy retries (and logs each attempt); the SDK's own retries would hide them.
    maxAttempts: 1,
    // The SDK's newer default adds CRC checksums to every upload, which R2, MinIO and
    // Supabase do not all accept and which a presigned browser PUT cannot carry.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function s3Client(ctx: S3Context): S3Client {
  let client = clients.get(ctx);
  if (!client) {
    client = makeS3Client(ctx.credentials, s3Target(ctx));
    clients.set(ctx, client);
  }
  return client;
}
