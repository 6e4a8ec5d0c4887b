export class ForbiddenError extends Error {
  constructor(message = "Only owners and admins of this organization can do this.") {
    super(message);
    this.name = "ForbiddenError";
  }
}
