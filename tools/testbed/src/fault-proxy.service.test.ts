import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultProxy, type FaultProxy } from './fault-proxy.service';

/** A loopback server that echoes every byte back. */
async function startEcho(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { server, port: address.port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `text` and resolves with the echo and how long it took (rejects after `timeoutMs`). */
function roundTrip(socket: Socket, text: string, timeoutMs = 3000): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`no echo of "${text}" within ${timeoutMs} ms (got "${got}")`));
    }, timeoutMs);
    function onData(chunk: Buffer): void {
      got += chunk.toString();
      if (got.endsWith(text)) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve({ text: got, ms: Date.now() - started });
      }
    }
    socket.on('data', onData);
    socket.write(text);
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(): Promise<{ proxy: FaultProxy; port: number }> {
  const echo = await startEcho();
  cleanups.push(() => new Promise<void>((resolve) => echo.server.close(() => resolve())));
  const proxy = await createFaultProxy({ target: `http://127.0.0.1:${echo.port}` });
  cleanups.push(() => proxy.close());
  return { proxy, port: echo.port };
}

async function client(proxy: FaultProxy): Promise<Socket> {
  const socket = await open(proxy.port);
  socket.on('error', () => undefined);
  cleanups.push(() => void socket.destroy());
  return socket;
}

describe('createFaultProxy', () => {
  it('forwards bytes both ways and keeps the target scheme in its URL', async () => {
    const { proxy } = await setUp();
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    const socket = await client(proxy);
    expect((await roundTrip(socket, 'hello')).text).toBe('hello');
    expect(proxy.stats()).toMatchObject({ accepted: 1, open: 1, bytes: 10 });
  });

  it('delay(ms) holds every chunk in each direction, in order', async () => {
    const { proxy } = await setUp();
    const socket = await client(proxy);
    proxy.delay(150);
    const delayed = await roundTrip(socket, 'slow');
    expect(delayed.text).toBe('slow');
    expect(delayed.ms).toBeGreaterThanOrEqual(290); // 150 ms each way
    proxy.delay(0);
    expect((await roundTrip(socket, 'fast')).ms).toBeLessThan(150);
  });

  it('stall() keeps connections open with nothing flowing; resume() delivers what was held', async () => {
    const { proxy } = await setUp();
    const socket = await client(proxy);
    proxy.stall();
    await expect(roundTrip(socket, 'held', 300)).rejects.toThrow(/no echo/);
    const fresh = await client(proxy); // a new connection is accepted but answers nothing
    await expect(roundTrip(fresh, 'new', 300)).rejects.toThrow(/no echo/);
    const late = new Promise<string>((resolve) => {
      let got = '';
      socket.on('data', (chunk: Buffer) => {
        got += chunk.toString();
        if (got.includes('after')) resolve(got);
      });
    });
    socket.write('after');
    proxy.resume();
    expect(await late).toBe('heldafter');
    expect((await roundTrip(fresh, '!')).text).toBe('new!');
  });

  it('dropConnections() cuts every open connection; new ones work', async () => {
    const { proxy } = await setUp();
    const a = await client(proxy);
    const b = await client(proxy);
    await roundTrip(a, 'x');
    await roundTrip(b, 'y');
    const closed = Promise.all([a, b].map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))));
    expect(proxy.dropConnections()).toBe(2);
    await closed;
    expect(proxy.stats()).toMatchObject({ dropped: 2, open: 0 });
    const c = await client(proxy);
    expect((await roundTrip(c, 'again')).text).toBe('again');
  });

  it('refuseConnections(true) closes new connections at once until turned off', async () => {
    const { proxy } = await setUp();
    proxy.refuseConnections(true);
    const refused = connect({ host: '127.0.0.1', port: proxy.port });
    refused.on('error', () => undefined);
    let received = 0;
    refused.on('data', (chunk: Buffer) => (received += chunk.length));
    await new Promise<void>((resolve) => refused.once('close', () => resolve()));
    expect(received).toBe(0);
    proxy.refuseConnections(false);
    const ok = await client(proxy);
    expect((await roundTrip(ok, 'ok')).text).toBe('ok');
  });
});
