// Who may call: a live Google access token with a Drive scope, and, under the
// drive.file scope, only on files this app created (others answer 404, as Drive does).
import { bearerToken, type Ctx } from "../core/context";
import { record } from "../core/record";
import type { ValidationOutcome } from "../core/validation-outcome";
import type { Grant } from "../oauth/grants";
import { apiError, driveError, fileNotFound } from "./errors";
import { DRIVE_STATE, ROOT_FOLDER_ID, type DriveFile, type DriveState } from "./state";
import { DRIVE_SCOPES, DRIVE_TOKENS } from "./tokens";
import type { DriveOperation } from "./inputs";

const READS = new Set<DriveOperation>(["about.get", "files.get", "files.list", "permissions.list"]);

export interface Caller {
  state: DriveState;
  grant: Grant;
  /** Sees every file (the drive scopes), not only the app's own (drive.file). */
  seesAll: boolean;
}

export function authorize(ctx: Ctx, operation: DriveOperation, validation?: ValidationOutcome): Caller | null {
  record(ctx, `drive ${operation}`, validation);
  const state = DRIVE_STATE.of(ctx.rt);
  const grant = DRIVE_TOKENS.grantForAccessToken(state, bearerToken(ctx), ctx.rt.clock.now());
  if (!grant) {
    apiError(ctx, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", [
      { domain: "global", reason: "authError", message: "Invalid Credentials", location: "Authorization", locationType: "header" },
    ]);
    return null;
  }
  const allowed = READS.has(operation) ? Object.values(DRIVE_SCOPES) : [DRIVE_SCOPES.file, DRIVE_SCOPES.full];
  if (!grant.scopes.some((s) => (allowed as string[]).includes(s))) {
    driveError(ctx, 403, "insufficientPermissions", "Request had insufficient authentication scopes.");
    return null;
  }
  return { state, grant, seesAll: grant.scopes.includes(DRIVE_SCOPES.full) || grant.scopes.includes(DRIVE_SCOPES.readonly) };
}

export function visible(caller: Caller, f: DriveFile | undefined): f is DriveFile {
  return !!f && (caller.seesAll || f.createdBy === caller.grant.clientId);
}

/** "root" is the account's My Drive folder. */
export function resolveId(id: string): string {
  return id === "root" ? ROOT_FOLDER_ID : id;
}

/** The file the path names, or a 404 answered. */
export function fileOr404(ctx: Ctx, caller: Caller, id: string): DriveFile | null {
  const f = caller.state.files.get(id);
  if (!visible(caller, f)) {
    fileNotFound(ctx, id);
    return null;
  }
  return f;
}
