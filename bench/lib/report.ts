// The figures as Markdown tables, so a run's output can be pasted into bench/README.md as is.
import { availableParallelism, cpus, totalmem } from "node:os";
import type { CpuSplit } from "./cpu";
import type { Verdict } from "./ledger";
import type { LoadFigures } from "./load";
import type { BenchOptions, TargetKey } from "./options";

export const TARGET_LABELS: Record<TargetKey, string> = {
  ours: "ours: Next.js webhook route",
  bare: "bare node:http + receiveWebhook",
  empty: "empty Next.js route",
};

export interface RunResult {
  target: TargetKey;
  figures: LoadFigures;
  /** Null for the empty route, which stores nothing. */
  verdict: Verdict | null;
  cpu: CpuSplit | null;
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const ms = (x: number) => (x < 10 ? x.toFixed(1) : n0(x));
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");

export function machine(opts: BenchOptions): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return [
    `machine: ${availableParallelism()} cores (nproc), ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; node ${process.version}`,
    `run: ${opts.duration} s per run after ${opts.warmup} s warm-up per target; connections ${opts.connections.join(", ")}; every ${opts.dupEvery}th request repeats an acknowledged event id`,
  ].join("\n");
}

export function throughputTable(results: RunResult[]): string {
  const lines = [
    "| target | conns | accepted/s | p50 ms | p99 ms | non-2xx | no answer | CPU cores: server / postgres / load gen / others | CPU ms per accepted request: server / postgres |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of results) {
    const f = r.figures;
    lines.push(
      `| ${TARGET_LABELS[r.target]} | ${f.connections} | ${n0(f.acceptedPerSecond)} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.non2xx} | ${f.errors} | ${cpuCell(r.cpu)} | ${perRequestCell(r)} |`,
    );
  }
  return lines.join("\n");
}

export function correctnessTable(results: RunResult[]): string {
  const lines = [
    "| target | conns | rows stored | distinct ids answered 2xx | answers \"new\" | answers \"duplicate\" | redelivered after stop (already stored) | jobs queued | check |",
    "|---|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of results) {
    const v = r.verdict;
    if (!v) continue;
    lines.push(
      `| ${TARGET_LABELS[r.target]} | ${r.figures.connections} | ${v.rows} | ${v.acknowledged} | ${v.freshAnswers} | ${v.repeatedAnswers} | ${v.redelivered} (${v.storedBeforeRedelivery}) | ${v.jobs} | ${v.problems.length ? "FAIL" : "ok"} |`,
    );
  }
  return lines.join("\n");
}

function cpuCell(c: CpuSplit | null): string {
  return c ? [c.server, c.postgres, c.loadGenerator, c.others].map((x) => x.toFixed(2)).join(" / ") : "n/a";
}

/** Cores × seconds ÷ requests: what one request costs, which other load on the machine moves far less than it moves throughput. */
function perRequestCell(r: RunResult): string {
  const { cpu, figures: f } = r;
  if (!cpu || f.ok === 0) return "n/a";
  const per = (cores: number) => ((cores * f.seconds * 1000) / f.ok).toFixed(1);
  return `${per(cpu.server)} / ${per(cpu.postgres)}`;
}

export function ratioTable(results: RunResult[], connections: number[]): string {
  const lines = [
    "| conns | ours accepted/s | bare node:http verify+store/s | ours ÷ bare | empty Next.js route/s | ours ÷ empty | p50 ms ours / bare / empty |",
    "|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const c of connections) {
    const pick = (t: TargetKey) => results.find((r) => r.target === t && r.figures.connections === c)?.figures;
    const ours = pick("ours");
    const bare = pick("bare");
    const empty = pick("empty");
    if (!ours || !bare || !empty) continue;
    lines.push(
      `| ${c} | ${n0(ours.acceptedPerSecond)} | ${n0(bare.acceptedPerSecond)} | ${ratio(ours.acceptedPerSecond, bare.acceptedPerSecond)} | ` +
        `${n0(empty.acceptedPerSecond)} | ${ratio(ours.acceptedPerSecond, empty.acceptedPerSecond)} | ${ms(ours.p50)} / ${ms(bare.p50)} / ${ms(empty.p50)} |`,
    );
  }
  return lines.join("\n");
}

export function progressLine(r: RunResult): string {
  const f = r.figures;
  const v = r.verdict;
  const check = v ? ` rows=${v.rows} distinct2xx=${v.acknowledged} redelivered=${v.redelivered} (${v.storedBeforeRedelivery} already stored) ${v.problems.length ? "FAIL" : "ok"}` : "";
  return `${TARGET_LABELS[r.target]} c=${f.connections}: ${n0(f.acceptedPerSecond)}/s p50=${ms(f.p50)}ms p99=${ms(f.p99)}ms non2xx=${f.non2xx} noAnswer=${f.errors}${check} cpu=${cpuCell(r.cpu)}`;
}
