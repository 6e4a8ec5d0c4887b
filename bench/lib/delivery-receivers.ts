// The bench's side of the receiver process: starts it, hands it the endpoints'
// secrets, switches outages on and off, and collects what it received.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { GROUPS, type ChildMessage, type ParentMessage, type Receipt } from "./delivery-protocol";

/** Distributes ParentMessage over its variants, so `seq` can be left out of each. */
type Command = ParentMessage extends infer M ? (M extends ParentMessage ? Omit<M, "seq"> : never) : never;

export interface Receivers {
  pid: number;
  ports: number[];
  /** The URL an endpoint with this index in this scenario is given. */
  url: (scenario: string, index: number) => string;
  /** Which of the GROUPS servers serves that index. */
  groupOf: (index: number) => number;
  register: (endpoints: Array<[path: string, secret: string]>) => Promise<void>;
  command: (c: Command) => Promise<void>;
  /** Every receipt so far is in `receipts` once this resolves. */
  flush: () => Promise<{ unknownPaths: number }>;
  /** Called for every receipt as it arrives (the scenarios count towards "all delivered"). */
  onReceipt: (fn: ((r: Receipt) => void) | null) => void;
  receipts: Receipt[];
  stop: () => Promise<void>;
}

export const endpointPath = (scenario: string, index: number) => `/e/${scenario}/${index}`;

export async function startReceivers(): Promise<Receivers> {
  // Node with tsx's loader rather than the tsx CLI: the CLI runs the script in a
  // grandchild, and the IPC channel would end at the CLI.
  const child: ChildProcess = fork(path.resolve("bench/lib/delivery-receiver-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const receipts: Receipt[] = [];
  let listener: ((r: Receipt) => void) | null = null;
  const waiting = new Map<number, { resolve: (v: { unknownPaths: number }) => void; reject: (e: Error) => void }>();
  let seq = 0;

  const ready = new Promise<number[]>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the receiver process exited with ${code} before it was ready`)));
    child.on("message", (m: ChildMessage) => {
      if (m.type === "ready") resolve(m.ports);
      else if (m.type === "receipts") {
        for (const r of m.receipts) {
          receipts.push(r);
          listener?.(r);
        }
      } else if (m.type === "ack") waiting.get(m.seq)?.resolve({ unknownPaths: m.unknownPaths });
      else if (m.type === "error") waiting.get(m.seq)?.reject(new Error(`receiver process: ${m.message}`));
    });
  });
  const ports = await ready;

  const command = (c: Command) =>
    new Promise<{ unknownPaths: number }>((resolve, reject) => {
      const s = ++seq;
      waiting.set(s, {
        resolve: (v) => (waiting.delete(s), resolve(v)),
        reject: (e) => (waiting.delete(s), reject(e)),
      });
      child.send({ ...c, seq: s } as ParentMessage);
    });

  return {
    pid: child.pid!,
    ports,
    url: (scenario, index) => `http://127.0.0.1:${ports[index % GROUPS]}${endpointPath(scenario, index)}`,
    groupOf: (index) => index % GROUPS,
    register: async (endpoints) => {
      // In slices: one IPC message per thousand endpoints stays small.
      for (let i = 0; i < endpoints.length; i += 500) await command({ type: "endpoints", endpoints: endpoints.slice(i, i + 500) });
    },
    command: async (c) => void (await command(c)),
    flush: () => command({ type: "flush" }),
    onReceipt: (fn) => void (listener = fn),
    receipts,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.disconnect();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}
