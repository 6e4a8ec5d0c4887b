// S3 speaks XML: its answers are written here, and the few bodies it reads
// (CompleteMultipartUpload, PutBucketCors) are parsed with fast-xml-parser.
import { XMLParser } from "fast-xml-parser";

export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

export function escapeXml(v: unknown): string {
  return String(v ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

type XmlScalar = string | number | boolean | null | undefined;
export type XmlValue = XmlScalar | XmlNode | Array<XmlScalar | XmlNode>;
export interface XmlNode {
  [name: string]: XmlValue;
}

/** Elements in the order given; undefined and null are left out, arrays repeat the element. */
export function elements(node: XmlNode): string {
  let out = "";
  for (const [name, value] of Object.entries(node)) {
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      out += `<${name}>${typeof item === "object" ? elements(item) : escapeXml(item)}</${name}>`;
    }
  }
  return out;
}

export function document(root: string, node: XmlNode, namespaced = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespaced ? ` xmlns="${S3_NS}"` : ""}>${elements(node)}</${root}>`;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

/** The document's root element as an object, or null when the body is not well-formed XML with that root. */
export function parseRoot(raw: Buffer, root: string): Record<string, unknown> | null {
  try {
    const doc = parser.parse(raw.toString("utf8"), true) as Record<string, unknown>;
    const value = doc[root];
    if (value === "") return {};
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A child that may appear once or many times, always as a list. */
export function many(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
