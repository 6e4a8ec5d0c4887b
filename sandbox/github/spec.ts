// GitHub's own OpenAPI description (the @octokit/openapi package, a development
// dependency) checks each request the sandbox emulates. The document is large, so
// it is read on the first GitHub request, not at start; without the package
// installed the sandbox says once that GitHub requests are not checked.
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import type { Runtime } from "../core/context";
import { createOpenApi3Spec, type OpenApi3Spec } from "../validation/openapi3";

const DOCUMENT = "@octokit/openapi/generated/api.github.com.json";

let loading: Promise<OpenApi3Spec | null> | undefined;

async function load(rt: Runtime): Promise<OpenApi3Spec | null> {
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(DOCUMENT);
  } catch {
    rt.log("github: @octokit/openapi is not installed (a development dependency); GitHub requests are not checked against GitHub's OpenAPI description");
    return null;
  }
  return createOpenApi3Spec(JSON.parse(await readFile(file, "utf8")) as unknown);
}

/** The validator, built once per process. */
export function githubSpec(rt: Runtime): Promise<OpenApi3Spec | null> {
  loading ??= load(rt);
  return loading;
}
