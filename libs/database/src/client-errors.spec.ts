import { AddressInfo, Server, createServer } from 'node:net';
import { Pool } from 'pg';
import { keepClientErrorsHandled } from './data-source-options';

/**
 * A server that accepts a connection and ends it in the same breath, as PostgreSQL does when it shuts
 * down: AuthenticationOk, ReadyForQuery and a FATAL 57P01 in one write, so the client reads them together.
 */
function shuttingDownServer(): Promise<Server> {
  const message = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const fields = (f: Record<string, string>) =>
    Buffer.concat([...Object.entries(f).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from('\0')]);
  const server = createServer((socket) => {
    socket.once('data', () => {
      socket.end(Buffer.concat([
        message('R', int32(0)),
        message('Z', Buffer.from('I')),
        message('E', fields({ S: 'FATAL', V: 'FATAL', C: '57P01', M: 'terminating connection due to administrator command' })),
      ]));
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('keepClientErrorsHandled (pg Pool onConnect)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await shuttingDownServer();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps a connection that dies as it is handed out from ending the process; its query fails instead', async () => {
    const pool = new Pool({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, user: 'docket', database: 'docket', onConnect: keepClientErrorsHandled });
    pool.on('error', () => undefined); // as TypeORM and ReadDatabase do
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.prependListener('uncaughtException', onUncaught);
    try {
      // Like TypeORM: the client is taken with no listener of the caller's own.
      const client = await pool.connect();
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat/);
      client.release(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await pool.end();
    }
  });
});
