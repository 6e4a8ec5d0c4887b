// A strict reader of the Prometheus text exposition format (version 0.0.4), for
// tests that scrape /api/metrics. prom-client writes this format but ships no
// parser, so this one checks what a Prometheus server would: every line is a
// HELP, a TYPE or a well-formed sample of a declared family.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+-?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"] };

// As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
function parseValue(raw: string, line: string): number {
  const word = raw.toLowerCase();
  if (word === "+inf" || word === "inf") return Infinity;
  if (word === "-inf") return -Infinity;
  if (word === "nan") return NaN;
  const v = Number(raw);
  if (raw === "" || Number.isNaN(v)) throw new Error(`Not a sample value: ${line}`);
  return v;
}

function parseLabels(raw: string | undefined, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!raw) return labels;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const m = LABEL.exec(raw);
    if (!m) throw new Error(`Malformed labels: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  return labels;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sampleName: string): Family | undefined => {
    for (const f of families.values()) {
      const suffixes = SUFFIXES[f.type] ?? [""];
      if (suffixes.some((s) => f.name + s === sampleName)) return f;
    }
    return undefined;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      const f = families.get(name) ?? { name, type: "untyped", help: "", samples: [] };
      if (kind === "HELP") f.help = rest;
      else if (["counter", "gauge", "histogram", "summary", "untyped"].includes(rest)) f.type = rest;
      else throw new Error(`Unknown metric type: ${line}`);
      families.set(name, f);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`Malformed sample line: ${line}`);
    const family = familyOf(m[1]!);
    if (!family) throw new Error(`Sample of an undeclared family: ${line}`);
    family.samples.push({ name: m[1]!, labels: parseLabels(m[2], line), value: parseValue(m[3]!, line) });
  }
  return families;
}

/** The value of the one sample called `name` whose labels include `labels`; 0 when there is none yet. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  for (const f of families.values()) {
    const s = f.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
    if (s) return s.value;
  }
  return 0;
}
