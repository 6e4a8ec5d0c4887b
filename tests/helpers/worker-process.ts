// A worker in its own process, for tests that kill it. Started with
// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child
// process, and a SIGKILL to the CLI would leave that child working.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Resolves once the fixture prints "ready"; rejects with its stderr if it exits first. */
export function spawnWorkerProcess(fixture: string, env: Record<string, string>, children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(fixture)], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

export function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
}

/** For afterAll: whatever a test left running is killed. */
export function killLeftovers(children: ChildProcess[]): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
