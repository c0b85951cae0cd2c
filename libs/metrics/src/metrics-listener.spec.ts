import { request } from 'node:http';
import { AddressInfo, Server, createServer } from 'node:net';
import { Logger } from '@nestjs/common';
import { AppConfig } from '@docket/config';
import { MetricsListener } from './metrics-listener';
import { MetricsService } from './metrics.service';

const EXPOSITION = 'docket_queue_depth{tier="standard"} 3\n';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A real HTTP request, on a connection of its own (no agent keeps it). */
function get(url: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.once('error', reject).end();
  });
}

function listener(port: number, scrape: MetricsService['scrape'] = async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: EXPOSITION })) {
  return new MetricsListener({ scrape } as MetricsService, { METRICS_HOST: '127.0.0.1', METRICS_PORT: port } as AppConfig);
}

describe('MetricsListener', () => {
  const errors: string[] = [];
  beforeAll(() => {
    Logger.overrideLogger(false);
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
  });
  afterAll(() => jest.restoreAllMocks());
  beforeEach(() => errors.splice(0));

  it('serves GET /metrics and answers 404 to anything else, then closes', async () => {
    const port = await freePort();
    const metrics = listener(port);
    await metrics.onModuleInit();
    try {
      expect(metrics.url).toBe(`http://127.0.0.1:${port}`);
      expect(await get(`${metrics.url}/metrics`)).toEqual({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: EXPOSITION });
      expect((await get(`${metrics.url}/metrics?name=x`)).status).toBe(200);
      for (const path of ['/', '/health', '/metrics/', '/metrics/x', '/metricsx', '/docs-json', '/v1/reports']) {
        const res = await get(`${metrics.url}${path}`);
        expect({ path, status: res.status, metrics: res.body.includes('docket_') }).toEqual({ path, status: 404, metrics: false });
      }
      for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) expect({ method, status: (await get(`${metrics.url}/metrics`, method)).status }).toEqual({ method, status: 404 });
    } finally {
      await metrics.onModuleDestroy();
    }
    expect(metrics.url).toBeUndefined();
    await expect(get(`http://127.0.0.1:${port}/metrics`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers 500, and logs why, when a scrape fails', async () => {
    const metrics = listener(await freePort(), async () => {
      throw new Error('registry broke');
    });
    await metrics.onModuleInit();
    try {
      expect(await get(`${metrics.url}/metrics`)).toMatchObject({ status: 500, body: 'metrics unavailable\n' });
      expect(errors.join('\n')).toMatch(/metrics scrape failed: Error: registry broke/);
    } finally {
      await metrics.onModuleDestroy();
    }
  });

  it('listens nowhere with METRICS_PORT=0', async () => {
    const metrics = listener(0);
    await metrics.onModuleInit();
    expect(metrics.url).toBeUndefined();
    await metrics.onModuleDestroy();
  });

  it('stops the process at boot, naming METRICS_PORT, when the port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const metrics = listener(port);
      const expected = `METRICS_PORT: 127.0.0.1:${port} is already in use (EADDRINUSE)`;
      await expect(metrics.onModuleInit()).rejects.toThrow(expected);
      expect(errors.join('\n')).toContain(expected);
      expect(metrics.url).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('closes promptly with an idle keep-alive connection open', async () => {
    const metrics = listener(await freePort());
    await metrics.onModuleInit();
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request(`${metrics.url}/metrics`, { agent }, (res) => res.resume().on('end', resolve)).once('error', reject).end();
    });
    const started = Date.now();
    await metrics.onModuleDestroy();
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });
});
