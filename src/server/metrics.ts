import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SearchEngine } from '../index.js';

/** The server's Prometheus metrics, in a registry of its own (one per app, so tests never collide). */
export interface ServerMetrics {
  registry: Registry;
  /** Counts requests and times them, labelled by route pattern (never the raw URL) and status. */
  observeRequests: RequestHandler;
  /** Called with the number of searches in flight whenever it changes. */
  searchesInFlight: (count: number) => void;
}

/** Creates the metrics of one app; index gauges read the live engine when scraped. */
export function createMetrics(loadedEngine: () => SearchEngine | undefined): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gazette_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'gazette_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'gazette_http_request_duration_seconds',
    help: 'Time from a request arriving to the last byte of its answer',
    labelNames,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'gazette_searches_in_flight', help: 'Searches being answered now', registers: [registry] });
  registerIndexGauges(registry, loadedEngine);

  const observeRequests: RequestHandler = (request, response, next) => {
    const stopTimer = duration.startTimer();
    response.once('finish', () => {
      // The route pattern, set once a route matched: /articles/:id, not each id.
      const route =
        request.route?.path === undefined ? (response.statusCode === 404 ? '(unmatched)' : '(static)') : String(request.route.path);
      const labels = { method: request.method, route, status: String(response.statusCode) };
      requests.inc(labels);
      stopTimer(labels);
    });
    next();
  };
  return { registry, observeRequests, searchesInFlight: (count) => inFlight.set(count) };
}

// Read at scrape time, so that an index swapped by a reload shows without any call from it.
function registerIndexGauges(registry: Registry, loadedEngine: () => SearchEngine | undefined): void {
  let lastSeen: SearchEngine | undefined;
  let loadedAtSeconds = 0;
  const noteReload = (engine: SearchEngine | undefined) => {
    if (engine !== undefined && engine !== lastSeen) {
      lastSeen = engine;
      loadedAtSeconds = Date.now() / 1000;
    }
    return engine;
  };
  try {
    noteReload(loadedEngine());
  } catch {
    // An engine source that fails now is reported by the routes that read it, not here.
  }
  new Gauge({
    name: 'gazette_index_articles',
    help: 'Articles in the live index',
    registers: [registry],
    collect() {
      this.set(noteReload(loadedEngine())?.size ?? 0);
    },
  });
  new Gauge({
    name: 'gazette_index_loaded_timestamp_seconds',
    help: 'When the live index was loaded or last reloaded (Unix time)',
    registers: [registry],
    collect() {
      noteReload(loadedEngine());
      this.set(loadedAtSeconds);
    },
  });
  new Gauge({
    name: 'gazette_index_built_timestamp_seconds',
    help: 'When the live index was built (Unix time; 0 for an index never saved)',
    registers: [registry],
    collect() {
      const builtAt = loadedEngine()?.info().builtAt;
      this.set(builtAt === undefined ? 0 : Date.parse(builtAt) / 1000);
    },
  });
}
