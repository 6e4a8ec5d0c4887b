// S3-compatible storage: once connected and enabled, the organization's new
// files (covers, materials, attendees' uploads) are kept in its own bucket, and
// browsers upload straight to it through presigned PUTs.
import { defineConnector } from "../contract";
import { classifyS3Error } from "./errors";
import { manifest } from "./manifest";
import { testS3Connection } from "./probe";
import { s3Storage } from "./storage";

export const connector = defineConnector(manifest, {
  classifyError: classifyS3Error,
  testConnection: testS3Connection,
  handlers: {},
  storage: s3Storage,
});
