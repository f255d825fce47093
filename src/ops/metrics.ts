/** Prometheus metrics, one registry per app so tests can build many apps in one process. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LoadCounters } from '../http/overload.js';

export interface Metrics {
  registry: Registry;
  clicks: Counter<'result'>;
  postbacks: Counter<'integration' | 'response_status'>;
  deliveries: Counter<'kind' | 'state'>;
  deliveryDuration: Histogram<'kind'>;
  /** Requests in flight and shed by the HTTP server's guard (http/overload.ts). */
  load: LoadCounters;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const load: LoadCounters = { inFlight: 0, shed: 0 };
  new Gauge({
    name: 'trackpost_http_in_flight',
    help: 'HTTP requests being handled',
    registers: [registry],
    collect() {
      this.set(load.inFlight);
    },
  });
  new Counter({
    name: 'trackpost_http_shed_total',
    help: 'HTTP requests answered 503 at once because MAX_IN_FLIGHT were being handled',
    registers: [registry],
    collect() {
      // The guard counts in a plain field (no label lookup per request); shown as it stands.
      this.reset();
      this.inc(load.shed);
    },
  });
  return {
    load,
    registry,
    clicks: new Counter({
      name: 'trackpost_clicks_total',
      help: 'Clicks by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    postbacks: new Counter({
      name: 'trackpost_postbacks_total',
      help: 'Inbound postbacks and pixels by answer',
      labelNames: ['integration', 'response_status'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'trackpost_deliveries_total',
      help: 'Outbound delivery attempts by end state',
      labelNames: ['kind', 'state'],
      registers: [registry],
    }),
    deliveryDuration: new Histogram({
      name: 'trackpost_delivery_seconds',
      help: 'Outbound request duration',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
