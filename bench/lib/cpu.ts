// Where the two cores went during a run: the server under test, PostgreSQL, the
// load generator (this process), and everything else on the machine. The machine
// is shared, so a figure taken while something else was busy must say so; and the
// split shows what limits a figure (one Node.js event loop at 100 % of a core
// looks different from a database that cannot keep up).
import { readdirSync, readFileSync } from "node:fs";

/** Linux reports CPU time in clock ticks; 100 per second on every common kernel. */
const TICKS_PER_SECOND = 100;

export interface CpuSplit {
  /** Each in cores used on average over the run (2.0 = both cores all the time). */
  server: number;
  postgres: number;
  loadGenerator: number;
  /** The bench's servers not under test at the moment: near zero, or something is wrong. */
  idleServers: number;
  others: number;
}

interface Snapshot {
  at: number;
  busyTicks: number;
  procs: Map<number, { ppid: number; ticks: number }>;
}

function snapshot(): Snapshot | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const busyTicks = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0);
    const procs = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        // The command name may hold spaces and parentheses; the fields after its last ")" do not.
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // exited while we looked
      }
    }
    return { at: Date.now(), busyTicks, procs };
  } catch {
    return null; // not Linux: the split is simply not reported
  }
}

function isUnder(procs: Snapshot["procs"], pid: number, root: number): boolean {
  for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
    if (p === root) return true;
    p = procs.get(p)?.ppid ?? 0;
  }
  return false;
}

/** Starts counting; the returned function stops and tells how the CPU was shared meanwhile. */
export function measureCpu(servers: { target: number; idle: number[] }): () => CpuSplit | null {
  const before = snapshot();
  return () => {
    const after = snapshot();
    if (!before || !after) return null;
    const seconds = (after.at - before.at) / 1000;
    const split = { server: 0, postgres: 0, loadGenerator: 0, idleServers: 0, others: 0 };
    let ours = 0;
    for (const [pid, p] of after.procs) {
      const used = p.ticks - (before.procs.get(pid)?.ticks ?? 0);
      if (used <= 0) continue;
      if (pid === process.pid) split.loadGenerator += used;
      else if (isUnder(after.procs, pid, servers.target)) split.server += used;
      else if (servers.idle.some((root) => isUnder(after.procs, pid, root))) split.idleServers += used;
      // The rest of this process's descendants are PostgreSQL's.
      else if (isUnder(after.procs, pid, process.pid)) split.postgres += used;
      else continue;
      ours += used;
    }
    // Whatever the machine did besides us, short-lived processes included.
    split.others = Math.max(0, after.busyTicks - before.busyTicks - ours);
    const cores = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) / 100;
    return {
      server: cores(split.server),
      postgres: cores(split.postgres),
      loadGenerator: cores(split.loadGenerator),
      idleServers: cores(split.idleServers),
      others: cores(split.others),
    };
  };
}
