/** Prometheus metrics, one registry per app so tests can build many apps in one process. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  clicks: Counter<'result'>;
  postbacks: Counter<'integration' | 'response_status'>;
  deliveries: Counter<'kind' | 'state'>;
  deliveryDuration: Histogram<'kind'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
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
