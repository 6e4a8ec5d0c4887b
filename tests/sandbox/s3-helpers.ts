// Shared by the S3 sandbox tests: the official client pointed at the sandbox
// (endpoint + forcePathStyle), with the seeded key unless another is given.
import { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { Sandbox } from "../../sandbox/server";

/** The seeded bucket and key (README, "Sandbox: S3"). */
export const SEED = {
  bucket: "switchboard-sandbox",
  accessKeyId: "AKIASANDBOXEXAMPLE01",
  secretAccessKey: "sandbox-s3-secret-key-not-a-real-secret-0000",
};

export function s3(sb: Sandbox, creds: { accessKeyId: string; secretAccessKey: string } = SEED, options: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    region: "us-east-1",
    endpoint: `${sb.url}/s3`,
    forcePathStyle: true,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  });
}

/** The S3 error a call ends with, or a test failure when it succeeds. */
export async function s3Failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (err) {
    if (err instanceof S3ServiceException) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** Reads an element of an S3 XML error body. */
export function xmlField(body: string, name: string): string | undefined {
  return body.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
}
