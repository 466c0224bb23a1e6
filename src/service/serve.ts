// Run the service: DriftService + fastify on host:port, timers started. close() stops taking requests,
// lets in-flight ones finish (fastify closes the listener first), then flushes and persists the state and
// waits for webhook deliveries. The CLI calls close() on SIGTERM / SIGINT.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DriftService, type ServiceOptions } from './service.js';

export interface RunningServer {
  app: FastifyInstance;
  service: DriftService;
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServiceOptions): Promise<RunningServer> {
  const service = new DriftService(options).start();
  const app = buildApp(service);
  try {
    await app.listen({ host: options.config.host, port: options.config.port });
  } catch (e) {
    await service.close(0);
    throw e;
  }
  const addr = app.server.address();
  const url = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  let closing: Promise<void> | undefined;
  return {
    app, service, url,
    close: () => (closing ??= (async () => { await app.close(); await service.close(); })()),
  };
}
