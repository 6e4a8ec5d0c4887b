export class ForbiddenError extends Error {
  constructor() {
    super("Only owners and admins of this organization can do this.");
    this.name = "ForbiddenError";
  }
}
