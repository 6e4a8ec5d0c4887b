// Amazon S3 under /s3, path-style (<sandbox>/s3/<bucket>/<key>), for the official
// @aws-sdk/client-s3 with endpoint <sandbox>/s3 and forcePathStyle: requests are
// routed and checked by the Smithy model of S3 (model.ts), signed with AWS
// Signature V4 (sigv4.ts), and answered with S3's status codes and XML errors.
import { defineProvider } from "../core/provider-module";
import { handleS3 } from "./api";
import { S3_CONTROL } from "./control";
import { faultError, s3Error } from "./errors";
import { s3Inbox, s3Section } from "./inbox";
import { S3_SPEC } from "./model";
import { S3_STATE } from "./state";

export const s3Module = defineProvider({
  name: "s3",
  state: S3_STATE,
  specs: [S3_SPEC],
  control: S3_CONTROL,
  // S3 has no 429: it answers 503 SlowDown, without a Retry-After.
  retryAfterOn429: false,
  inbox: {
    json: s3Inbox,
    section: {
      anchor: "buckets",
      label: "Buckets",
      note: "S3",
      count: (state) => [...state.buckets.values()].reduce((n, b) => n + b.objects.size, 0),
      render: (state) => s3Section(state),
      css: `td.num{text-align:right}`,
    },
  },
  handle: handleS3,
  fail(ctx, status) {
    s3Error(ctx, faultError(status));
  },
});
