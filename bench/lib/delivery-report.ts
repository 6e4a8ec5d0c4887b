// The delivery bench's figures as Markdown tables, pasted into bench/README.md as printed.
import { availableParallelism, cpus, totalmem } from "node:os";
import type { CpuSplit } from "./cpu";
import type { DeliveryOptions } from "./delivery-options";
import type { ScenarioResult } from "./delivery-scenarios";

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");
const ms = (x: number) => (!Number.isFinite(x) ? "n/a" : x < 10 ? x.toFixed(1) : n0(x));
const s1 = (msValue: number) => (Number.isFinite(msValue) ? (msValue / 1000).toFixed(2) : "n/a");

export function machineLine(opts: DeliveryOptions): string {
  return [
    `machine: ${availableParallelism()} cores (nproc), ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; node ${process.version}`,
    `worker: one process, concurrency ${opts.concurrency}; retry schedule compressed to 0, 0.5, 1, 2, 4, 8, 8, 8 s; every request verified with standardwebhooks`,
  ].join("\n");
}

function cpuCell(c: CpuSplit | null): string {
  return c ? [c.loadGenerator, c.postgres, c.server, c.others].map((x) => x.toFixed(2)).join(" / ") : "n/a";
}

/** Cores × seconds ÷ deliveries: what one delivery costs each process, which other load moves far less than throughput. */
function perDelivery(r: ScenarioResult): string {
  const n = r.verdict.accepted;
  if (!r.cpu || n === 0) return "n/a";
  const per = (cores: number) => ((cores * r.seconds * 1000) / n).toFixed(2);
  return `${per(r.cpu.loadGenerator)} / ${per(r.cpu.postgres)} / ${per(r.cpu.server)}`;
}

export function summaryTable(results: ScenarioResult[]): string {
  const lines = [
    "| scenario | deliveries | s, first write → last receipt | deliveries/s | latency p50 ms | p99 ms | CPU cores: worker / postgres / receivers / others | CPU ms per delivery: worker / postgres / receivers |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${n0(r.verdict.accepted - r.verdict.duplicates)} | ${r.seconds.toFixed(2)} | ${n0(r.deliveriesPerSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${cpuCell(r.cpu)} | ${perDelivery(r)} |`,
    );
  }
  return lines.join("\n");
}

export function fanOutTable(r: ScenarioResult): string {
  const m = r.marks;
  return [
    `| ${n0(r.endpoints)} endpoints, s after the write began | write committed | dispatched (activity log + webhook subscriber queued) | all ${n0(r.endpoints)} messages exist | first delivery received | all delivered | deliveries/s once the messages existed |`,
    "|---|--:|--:|--:|--:|--:|--:|",
    `| fan-out | ${s1(m.written!)} | ${s1(m.dispatched!)} | ${s1(m.messagesExist!)} | ${s1(m.firstReceipt!)} | ${r.seconds.toFixed(2)} | ${n0(r.endpoints / (r.seconds - m.messagesExist! / 1000))} |`,
  ].join("\n");
}

export function failureLine(r: ScenarioResult): string {
  const recovered = r.marks.recovered!;
  return `failure: receivers recovered ${s1(recovered)} s after the first write; the last message arrived ${s1(r.seconds * 1000 - recovered)} s after that; ${r.verdict.attempts} attempts logged for ${r.verdict.messages} messages`;
}

export function checkTable(results: ScenarioResult[]): string {
  const lines = [
    "| scenario | messages made / expected | requests received | answered 500 (outage) | accepted 2xx | duplicates before dedupe | distinct after dedupe | missing | signature failures | attempts logged | check |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of results) {
    const v = r.verdict;
    lines.push(
      `| ${r.name} | ${v.messages} / ${v.expected} | ${v.requests} | ${v.refused} | ${v.accepted} | ${v.duplicates} | ${v.accepted - v.duplicates} | ${v.missing} | ${v.signatureFailures} | ${v.attempts} | ${v.problems.length ? "FAIL" : "ok"} |`,
    );
  }
  return lines.join("\n");
}

export function progressLine(r: ScenarioResult): string {
  const v = r.verdict;
  return `${r.name}: ${n0(r.deliveriesPerSecond)} deliveries/s over ${r.seconds.toFixed(2)} s, p50 ${ms(r.p50)} ms p99 ${ms(r.p99)} ms; accepted ${v.accepted} (dup ${v.duplicates}) of ${v.expected}, missing ${v.missing}, bad signatures ${v.signatureFailures} ${v.problems.length ? "FAIL" : "ok"}; cpu ${cpuCell(r.cpu)}`;
}
