// Intuit publishes no OpenAPI for QuickBooks Online; its entity definitions are the
// XSDs of the official Java SDK, and the JSON API uses their names and types.
import { specSource } from "../core/spec-source";
import { createXsdModel } from "./xsd";

export const QUICKBOOKS_SPEC = specSource(
  ["quickbooks/IntuitBaseTypes.xsd", "quickbooks/IntuitNamesTypes.xsd", "quickbooks/Finance.xsd", "quickbooks/SalesTax.xsd"],
  (docs) => createXsdModel(docs.map(String)),
);
