import { specSource } from "../core/spec-source";
import { createCsdlModel } from "./csdl";

/** Graph's CSDL is XML: the spec store hands it over as text. One source for every Graph module, so the 3 MB model is built once. */
export const GRAPH_SPEC = specSource(["microsoft/graph-v1.0.csdl"], ([xml]) => createCsdlModel(String(xml)));
