// A webhook body in either content type Payrexx offers (admin → Webhooks): JSON, or
// "Normal (PHP-Post)" form fields in PHP's nested style, transaction[invoice][referenceId]=….
// Both become the same object.
type Nested = { [key: string]: Nested | string };

function setPath(root: Nested, path: string[], value: string): void {
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    node = typeof next === "object" ? next : (node[key] = {});
  });
}

export function parseFormBody(raw: string): Nested {
  const root: Nested = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const m = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    if (!m) continue;
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    setPath(root, path, value);
  }
  return root;
}

/** Throws on a body that is neither. */
export function parseWebhookBody(raw: string, contentType: string | null): unknown {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return parseFormBody(raw);
  return JSON.parse(raw) as unknown;
}
