// Where each official API description in ../shared/specs comes from, pinned by its
// sha256 (from that folder's SHA256SUMS) and, where known, by the upstream commit.
// `npm test` fetches the ones the sandbox reads into .data/specs-cache when the
// folder is absent (tests/helpers/specs-cache.ts), and uses a copy only if its
// sha256 matches.
//
// Every file the sandbox reads is pinned to a full commit of its repository at which
// the file has exactly that sha256 (Graph's is the full form of the f54f11b the
// specs README names). The S3 commit is the abbreviated one the README names.
// `commit: null` (files the sandbox does not read): the commit is not recorded,
// so the URL follows the default branch (HEAD); the sha256 still pins the
// content, and a file changed upstream is refused, never used.

export interface SpecSource {
  /** Path under the specs folder (and the cache). */
  file: string;
  /** GitHub owner/name. */
  repository: string;
  /** Path inside the repository. */
  path: string;
  /** Commit (full or abbreviated) the file was taken from; null when not recorded. */
  commit: string | null;
  sha256: string;
}

export const SPECS_ORIGIN = "https://raw.githubusercontent.com";

export const SPEC_SOURCES: SpecSource[] = [
  { file: "aws/s3-2006-03-01.json", repository: "aws/api-models-aws", path: "s3/service/2006-03-01/s3-2006-03-01.json", commit: "56c8953e87aeead95ae5e66a3ca6a355731db6ad", sha256: "8cfe8605eca07fbd3760d3b45f08983f3cbc8914f01eb612ea17cc9e333d793c" },
  // A commit whose copy has the same revision (20240111) and size as ours; the sha256 decides.
  { file: "google/calendar-v3-discovery.json", repository: "googleapis/google-api-go-client", path: "calendar/v3/calendar-api.json", commit: "8d21a5fa6537138bd66bf26c8ea7dfdd219ec2a7", sha256: "142a311b275a0e2c400bd5915e1841a4029fb2257bc199f5c874c0a30ecc4618" },
  { file: "microsoft/graph-v1.0.csdl", repository: "microsoftgraph/msgraph-metadata", path: "schemas/v1.0-Prod.csdl", commit: "f54f11b60956ea7b185ca0447b2b80805836ec7b", sha256: "a9d32d3611746c96043229a98867be064fb782c801b3405bce00c224ea3f6a03" },
  { file: "paypal/checkout_orders_v2.json", repository: "paypal/paypal-rest-api-specifications", path: "openapi/checkout_orders_v2.json", commit: "fb6f12627e27331d8fb9117a0bc077cef632cc69", sha256: "4cc647244b3cc1e3244d26a685f3a94a64f53fa6828e533bdfde67f440b734c1" },
  { file: "paypal/notifications_webhooks_v1.json", repository: "paypal/paypal-rest-api-specifications", path: "openapi/notifications_webhooks_v1.json", commit: "fb6f12627e27331d8fb9117a0bc077cef632cc69", sha256: "6201ca2feeca74d45064479aa483df60dd4bb3f19b3a3b106ae49d653932f3bf" },
  { file: "paypal/payments_payment_v2.json", repository: "paypal/paypal-rest-api-specifications", path: "openapi/payments_payment_v2.json", commit: "fb6f12627e27331d8fb9117a0bc077cef632cc69", sha256: "73985bd25819a9d42c0990de111caebf7bea8f0ea1f2647dbe30bd62daddae6c" },
  { file: "quickbooks/Finance.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/Finance.xsd", commit: "2d1f2187fd6b7c0c2f5662c63608f254a9135b33", sha256: "2a7d992438d46efdd5066382b39fda20dd3ad815478f856cf74a16f4b677d043" },
  { file: "quickbooks/IEntity.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/IEntity.xsd", commit: null, sha256: "f051d27fca2d27abc4d4c57415c056c7c11aa3be0c7fede630f7f92434906be1" },
  { file: "quickbooks/IntuitBaseTypes.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/IntuitBaseTypes.xsd", commit: "2d1f2187fd6b7c0c2f5662c63608f254a9135b33", sha256: "13fdac4b1f4456120d63236e4662387209978ad779fd4a822e2ca77ee8c75507" },
  { file: "quickbooks/IntuitNamesTypes.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/IntuitNamesTypes.xsd", commit: "2d1f2187fd6b7c0c2f5662c63608f254a9135b33", sha256: "d4870cb9f5bd8828a1b8050cca87cafe886888d10217bae5e1a52347ed03c15e" },
  { file: "quickbooks/IntuitRestServiceDef.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/IntuitRestServiceDef.xsd", commit: null, sha256: "4d00dec69b7c103fd002dcfe2db51d4415c0f377f78bca36fe9f16c391e750c6" },
  { file: "quickbooks/Report.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/Report.xsd", commit: null, sha256: "b76b4b0387d6b265f00a295ba83b75c6dddc7c71e77dd0d139b1aa98501d24fd" },
  { file: "quickbooks/SalesTax.xsd", repository: "intuit/QuickBooks-V3-Java-SDK", path: "ipp-v3-java-data/src/main/xsd/SalesTax.xsd", commit: "2d1f2187fd6b7c0c2f5662c63608f254a9135b33", sha256: "5a81f997e100d483d4cd78475af4fa136c89daf4f009e6323677c5478c0b6d6d" },
  { file: "sendgrid/tsg_mail_v3.json", repository: "twilio/sendgrid-oai", path: "spec/json/tsg_mail_v3.json", commit: "dbe0e0d2e67a0c3c55b222d54df2acda2b9027a7", sha256: "4ba24d0feb8a6b347f60528161d1cf0e7591987d2b3a64a6533685dc2b39d19f" },
  { file: "slack/events-api/slack_common_event_wrapper_schema.json", repository: "slackapi/slack-api-specs", path: "events-api/slack_common_event_wrapper_schema.json", commit: "4dafb1e040f42b358d91dfe880b45b1948a6f6b8", sha256: "f6d1704676f4866fc62704086a916dd4c3d9f53a570b9e2976a80450e641d05a" },
  { file: "slack/events-api/slack_events_api_async_v1.json", repository: "slackapi/slack-api-specs", path: "events-api/slack_events_api_async_v1.json", commit: "ee3f3c1f61b10204f8203ad37c94cc005dc4843b", sha256: "a491c82393abf9ef1aa38334cf71c747fbc2ea7a2b78533882ea24c888fe84be" },
  { file: "slack/slack_web_openapi_v2.json", repository: "slackapi/slack-api-specs", path: "web-api/slack_web_openapi_v2.json", commit: "dfea73e06d146c368d7f94b52ac90796dc4e27e1", sha256: "742a5c977180a829df8767cf57bc417d99b3713583aee83741efb9c08ca731e7" },
  { file: "stripe/fixtures3.json", repository: "stripe/openapi", path: "openapi/fixtures3.json", commit: "f0758b15a2cf53779d699452f4ab07d11076af0f", sha256: "41486e14a5b930447f53ecc4e71e34e3184462ba3d18212a39d4a40f70eaba44" },
  // The 2022 copy (API version 2020-08-27), not the current file.
  { file: "stripe/spec3.json", repository: "stripe/openapi", path: "openapi/spec3.json", commit: "e0123a38b40c8d840b4c0469ac0ee1650b6bfea3", sha256: "0623034db1e5a471369edf211838df328296018cc96dcb4bab0d5c28ab1efc9e" },
  { file: "twilio/twilio_api_v2010.json", repository: "twilio/twilio-oai", path: "spec/json/twilio_api_v2010.json", commit: "d50069b44ea8cd23141385bdb6db48f16ff75bb5", sha256: "99cae87a6bb1725f71363364cbd30282a13140374b2d5f9bdd5bdfa5d4c8a6d7" },
  { file: "twilio/twilio_messaging_v1.json", repository: "twilio/twilio-oai", path: "spec/json/twilio_messaging_v1.json", commit: "c8540465ecdf9a0a847d8f227e751b6b707221dd", sha256: "ef8fb6b6bfee2334d3cad7ca58568a8984165a4337e7dbb1753d1c257a9e8a52" },
];

/** The raw URL of a file at its pinned commit, or at the default branch when the commit is unknown. */
export function specUrl(s: SpecSource): string {
  return `${SPECS_ORIGIN}/${s.repository}/${s.commit ?? "HEAD"}/${s.path}`;
}
