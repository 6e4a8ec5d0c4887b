// Registration question kinds the connectors bring, read from the registry's
// manifests (data only, no SDK loaded). The event form offers them whether or not
// the provider is connected; lib/answer-checks asks the provider about answers.
import type { Connector, Manifest } from "./contract";
import type { QuestionKindManifest } from "./contract/questions";
import { loadConnector, manifests } from "./registry";

/** Where kinds and their checkers come from: the registry, or a test's own list. */
export interface QuestionKindProviders {
  manifests: readonly Pick<Manifest, "id" | "questionKinds">[];
  load(id: string): Promise<Connector | undefined>;
}

export const registryProviders: QuestionKindProviders = { manifests, load: loadConnector };

/** Every connector's kinds, in catalog order; a kind id declared twice keeps its first. */
export function connectorQuestionKinds(providers: QuestionKindProviders = registryProviders): QuestionKindManifest[] {
  const seen = new Set<string>();
  const out: QuestionKindManifest[] = [];
  for (const m of providers.manifests) {
    for (const k of m.questionKinds ?? []) {
      if (seen.has(k.id)) continue;
      seen.add(k.id);
      out.push(k);
    }
  }
  return out;
}

/** The providers that declare this kind, in catalog order. */
export function providersOfKind(kind: string, providers: QuestionKindProviders = registryProviders): string[] {
  return providers.manifests.filter((m) => m.questionKinds?.some((k) => k.id === kind)).map((m) => m.id);
}
