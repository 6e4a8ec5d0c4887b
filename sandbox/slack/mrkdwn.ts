// Slack's mrkdwn and Block Kit, rendered to safe HTML for the inbox: text is escaped
// first, then only the markup Slack defines (*bold*, _italic_, `code`, <url|label>) is applied.
import { escapeHtml } from "../core/html";

function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A few emoji names connectors commonly use; others stay as :name:, as Slack shows unknown ones. */
const EMOJI: Record<string, string> = {
  ticket: "🎟️", tada: "🎉", calendar: "📅", date: "📅", white_check_mark: "✅", x: "❌", warning: "⚠️",
  wave: "👋", bell: "🔔", memo: "📝", email: "📧", moneybag: "💰", busts_in_silhouette: "👥", round_pushpin: "📍",
};

function inline(escaped: string): string {
  return escaped
    .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(>])_([^_\n]+)_/g, "$1<em>$2</em>")
    .replace(/~([^~\n]+)~/g, "<del>$1</del>")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/\n/g, "<br>");
}

/**
 * Links (<url|label>) become placeholders first, so bold or italics around a link
 * still pair up; the text between is escaped before any markup is added.
 */
export function mrkdwn(text: string): string {
  const links: string[] = [];
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/<([^<>|]+)(?:\|([^<>]+))?>/g)) {
    out += escapeHtml(unescapeSlack(text.slice(last, m.index)));
    const target = unescapeSlack(m[1]!);
    const label = escapeHtml(unescapeSlack(m[2] ?? m[1]!));
    links.push(
      /^https?:\/\//i.test(target)
        ? `<a href="${escapeHtml(target)}" rel="noreferrer noopener" target="_blank">${label}</a>`
        : `<span class="mention">${label}</span>`,
    );
    out += `\u0000${links.length - 1}\u0000`;
    last = (m.index ?? 0) + m[0].length;
  }
  out += escapeHtml(unescapeSlack(text.slice(last)));
  return inline(out).replace(/\u0000(\d+)\u0000/g, (_, i: string) => links[Number(i)] ?? "");
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function textObject(t: unknown): string {
  if (!isObj(t) || typeof t.text !== "string") return "";
  return t.type === "mrkdwn" ? mrkdwn(t.text) : escapeHtml(t.text).replace(/\n/g, "<br>");
}

function element(e: unknown): string {
  if (!isObj(e)) return "";
  if (e.type === "button") return `<span class="btn">${textObject(e.text)}</span>`;
  if (e.type === "image") return `<span class="muted">[image: ${escapeHtml(e.alt_text)}]</span>`;
  return textObject(e);
}

export function renderBlocks(blocks: unknown[]): string {
  return blocks
    .map((b) => {
      if (!isObj(b)) return "";
      switch (b.type) {
        case "header":
          return `<div class="b-header">${textObject(b.text)}</div>`;
        case "section": {
          const fields = Array.isArray(b.fields) ? `<div class="b-fields">${b.fields.map((f) => `<div>${textObject(f)}</div>`).join("")}</div>` : "";
          return `<div class="b-section">${textObject(b.text)}${fields}</div>`;
        }
        case "context":
          return `<div class="b-context">${Array.isArray(b.elements) ? b.elements.map(element).join(" · ") : ""}</div>`;
        case "actions":
          return `<div class="b-actions">${Array.isArray(b.elements) ? b.elements.map(element).join(" ") : ""}</div>`;
        case "divider":
          return "<hr>";
        case "image":
          return `<div class="muted">[image: ${escapeHtml(b.alt_text)}]</div>`;
        default:
          return `<div class="muted small">[${escapeHtml(b.type)} block]</div>`;
      }
    })
    .join("");
}
