// The one Prometheus registry of a process. scripts/serve.ts (loaded by tsx) and
// the route handlers (bundled by Next.js) each get their own copy of this module
// in the same process, so the registry and every metric live on globalThis: both
// copies count into, and /api/metrics reads, the same objects.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration, type Metric } from "prom-client";

interface Store {
  registry: Registry;
  metrics: Map<string, Metric>;
}

const KEY = Symbol.for("switchboard.metrics");
const holder = globalThis as unknown as { [KEY]?: Store };

function store(): Store {
  let s = holder[KEY];
  if (!s) {
    const registry = new Registry();
    // Process metrics (CPU, memory, event loop lag, GC, handles) under prom-client's standard names.
    collectDefaultMetrics({ register: registry });
    s = holder[KEY] = { registry, metrics: new Map() };
  }
  return s;
}

export function metricsRegistry(): Registry {
  return store().registry;
}

/** The metric called `name`, made (and registered) by `make` the first time anyone asks for it. */
function sharedMetric<M extends Metric>(name: string, make: (registers: Registry[]) => M): M {
  const s = store();
  let m = s.metrics.get(name);
  if (!m) {
    m = make([s.registry]);
    s.metrics.set(name, m);
  }
  return m as M;
}

/** A getter of the shared counter, gauge or histogram so configured. */
export const sharedCounter = <T extends string>(cfg: CounterConfiguration<T>) => () => sharedMetric(cfg.name, (registers) => new Counter({ ...cfg, registers }));
export const sharedGauge = <T extends string>(cfg: GaugeConfiguration<T>) => () => sharedMetric(cfg.name, (registers) => new Gauge({ ...cfg, registers }));
export const sharedHistogram = <T extends string>(cfg: HistogramConfiguration<T>) => () => sharedMetric(cfg.name, (registers) => new Histogram({ ...cfg, registers }));

/** Latency buckets in seconds, from a fast local answer to a provider's timeout. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
