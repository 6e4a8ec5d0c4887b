// The worker's side of the task list: one handler per task, each handed its
// payload parsed by the task's own schema, so a malformed job fails before any
// handler code runs.
import type { JobHelpers, TaskList } from "graphile-worker";
import { taskPayloads, type TaskName, type TaskPayload } from "./tasks";

export type TaskHandler<T extends TaskName> = (payload: TaskPayload<T>, helpers: JobHelpers) => Promise<void>;
export type TaskHandlers = { [T in TaskName]: TaskHandler<T> };

/** graphile-worker's task list for these handlers (a partial list, for a worker that runs only some tasks). */
export function toTaskList(handlers: Partial<TaskHandlers>): TaskList {
  const list: TaskList = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[TaskName, TaskHandler<TaskName>]>) {
    const schema = taskPayloads[name];
    list[name] = (payload, helpers) => handler(schema.parse(payload) as TaskPayload<TaskName>, helpers);
  }
  return list;
}
