// Where SendGrid's published spec contradicts its API, the API wins: the sandbox must
// accept what production accepts. Each entry names the discrepancy.
type Doc = Record<string, unknown>;

function at(doc: Doc, ...keys: string[]): Doc | undefined {
  let node: unknown = doc;
  for (const k of keys) node = typeof node === "object" && node !== null ? (node as Doc)[k] : undefined;
  return typeof node === "object" && node !== null ? (node as Doc) : undefined;
}

export function patchSendGridSpec(doc: Doc): void {
  const props = at(doc, "components", "requestBodies", "PostMailSend", "content", "application/json", "schema", "properties");
  // The spec types the message-level custom_args as a string; the API (and the
  // official Node helper, which sends customArgs as an object) use an object of strings.
  if (props?.custom_args) props.custom_args = { type: "object", additionalProperties: { type: "string" } };
}
