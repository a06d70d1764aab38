// Property-based fuzzing of the websocket gateway on /api/watch (sandbox-backed): random text and
// binary frames, invalid JSON, wrong shapes, oversized messages, and subscriptions naming bad
// workspaces, names or selectors. Each bad frame gets one `error` message with a code and a clear
// message (no stack), the socket stays usable (ping → pong), frames over the hard limit close the
// socket with 1009 and a new one works, and no object changes.
import { clientMessageSchema, MAX_CLIENT_MESSAGE_BYTES, serverMessageSchema, type ServerMessage } from '@fleet-dashboard/contracts';
import { parseSelector } from '@fleet-dashboard/fleet-model';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCaseCounter, SECRET_VALUE, SEEDED, snapshotObjects, startFuzzTarget, WS, type FuzzTarget } from './fuzz.fixture';

const SEED = 20_261_128;
const runs = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
/** The gateway's hard frame limit (ws `maxPayload`, default of createGateway). */
const MAX_PAYLOAD = 64 * 1024;
const STACK = /\n\s+at\s|\.ts:\d+|node_modules/;

let f: FuzzTarget;
let before: Map<string, string>;
const cases = createCaseCounter();

interface Client {
  ws: WebSocket;
  /** Sends a frame, then a ping; resolves with every message that came before the pong. */
  exchange(frame: string | Buffer, binary?: boolean): Promise<ServerMessage[]>;
  close(): Promise<void>;
}

async function connect(): Promise<Client> {
  const ws = new WebSocket(`${f.url.replace('http', 'ws')}/api/watch`);
  const inbox: ServerMessage[] = [];
  let notify: (() => void) | undefined;
  ws.on('message', (data) => {
    const parsed = serverMessageSchema.safeParse(JSON.parse(String(data)));
    if (!parsed.success) throw new Error(`the server sent a message outside the contract: ${String(data).slice(0, 300)}`);
    inbox.push(parsed.data);
    notify?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    async exchange(frame, binary = false) {
      inbox.length = 0;
      ws.send(frame, { binary });
      ws.send(JSON.stringify({ type: 'ping' }));
      const deadline = Date.now() + 5000;
      while (!inbox.some((m) => m.type === 'pong')) {
        if (ws.readyState !== WebSocket.OPEN) throw new Error(`socket closed after ${JSON.stringify(String(frame).slice(0, 100))}`);
        if (Date.now() > deadline) throw new Error(`no pong within 5 s after ${JSON.stringify(String(frame).slice(0, 100))}`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
      return inbox.slice(0, inbox.findIndex((m) => m.type === 'pong'));
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) resolve();
        else {
          ws.once('close', () => resolve());
          ws.close();
        }
      }),
  };
}

let client: Client;

beforeAll(async () => {
  f = await startFuzzTarget();
  before = await snapshotObjects(f.t);
  client = await connect();
}, 30_000);

afterAll(async () => {
  console.log(`websocket fuzz cases run: ${cases.total()}\n${cases.report()}`);
  await client?.close();
  await f?.stop();
});

/** One error message, with a code and a readable message, nothing else. */
function expectOneError(messages: ServerMessage[], what: string, id?: string): void {
  const errors = messages.filter((m) => m.type === 'error');
  if (errors.length !== 1 || messages.length !== 1) throw new Error(`${what}: expected one error message, got ${JSON.stringify(messages).slice(0, 400)}`);
  const error = errors[0];
  if (error?.type !== 'error') return;
  expect(error.error.code.length, what).toBeGreaterThan(0);
  expect(error.error.message.length, what).toBeGreaterThan(0);
  const text = JSON.stringify(error);
  if (STACK.test(text) || text.includes(SECRET_VALUE)) throw new Error(`${what}: the error leaks internals: ${text}`);
  if (id !== undefined) expect(error.id, what).toBe(id);
}

const isValidMessage = (value: unknown): boolean => clientMessageSchema.safeParse(value).success;
const isValidText = (text: string): boolean => {
  try {
    return isValidMessage(JSON.parse(text));
  } catch {
    return false;
  }
};

// Generous per-test limit: the runs take seconds alone, longer on a shared, loaded machine.
describe('websocket fuzz (sandbox)', { timeout: 120_000 }, () => {
  it('random text frames that are not JSON: an error, the socket stays usable', async () => {
    const notJson = fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.json().map((j) => `${j}}`)).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    });
    await fc.assert(
      fc.asyncProperty(notJson, async (frame) => {
        cases.count('invalid JSON');
        expectOneError(await client.exchange(frame), `text ${JSON.stringify(frame)}`);
      }),
      runs(800),
    );
  });

  it('JSON of the wrong shape: an error naming the problem', async () => {
    const subscribeLike = fc.record(
      {
        type: fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'Subscribe', 'watch', '', 'snapshot'),
        id: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.constant(null), fc.constant('x'.repeat(65))),
        resource: fc.oneof(fc.constantFrom('gitrepos', 'clusters', 'pods', 'secrets', 'GitRepos', ''), fc.integer()),
        workspace: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.array(fc.string(), { maxLength: 2 })),
        name: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant('a'.repeat(300))),
        selector: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant('x'.repeat(2049))),
      },
      { requiredKeys: [] },
    );
    const shape = fc.oneof(fc.jsonValue(), subscribeLike).filter((v) => !isValidMessage(v));
    await fc.assert(
      fc.asyncProperty(shape, async (value) => {
        cases.count('wrong shape');
        const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;
        expectOneError(await client.exchange(JSON.stringify(value)), `JSON ${JSON.stringify(value).slice(0, 200)}`, id);
      }),
      runs(1200),
    );
  });

  it('binary frames: an error unless the bytes are a valid message', async () => {
    const bytes = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.jsonValue().map((v) => new Uint8Array(Buffer.from(JSON.stringify(v))))).filter((b) => !isValidText(Buffer.from(b).toString('utf8')));
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => {
        cases.count('binary frame');
        expectOneError(await client.exchange(Buffer.from(b), true), `binary frame of ${b.length} bytes`);
      }),
      runs(600),
    );
  });

  it('subscriptions to things that cannot be watched: one error with the subscription id', async () => {
    const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const badWorkspace = fc.string({ minLength: 1, maxLength: 63 }).filter((s) => !DNS_LABEL.test(s));
    const badSelector = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('a in (', '!=x', 'a b', '(')).filter((s) => s.trim() !== '' && !parseSelector(s).ok);
    const badSubscribe = fc.oneof(
      badWorkspace.map((workspace) => ({ resource: 'gitrepos', workspace })),
      badSelector.map((selector) => ({ resource: 'clusters', workspace: WS, selector })),
      fc.constant({ resource: 'workspaces', workspace: WS }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(badSubscribe, async (sub) => {
        cases.count('bad subscription');
        const id = `bad-${n++}`;
        expectOneError(await client.exchange(JSON.stringify({ type: 'subscribe', id, ...sub })), `subscribe ${JSON.stringify(sub)}`, id);
      }),
      runs(600),
    );
  });

  it('messages over the 16 KiB message limit: TooLarge; frames over the 64 KiB frame limit: closed with 1009, a new socket works', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_CLIENT_MESSAGE_BYTES + 1, max: MAX_PAYLOAD }), fc.boolean(), async (size, binary) => {
        cases.count('oversized message');
        const frame = JSON.stringify({ type: 'subscribe', id: 'big', resource: 'gitrepos', workspace: WS, selector: 'x' }).padEnd(size, ' ');
        const messages = await client.exchange(binary ? Buffer.from(frame) : frame, binary);
        expectOneError(messages, `${size} bytes`);
        expect(messages[0]?.type === 'error' && messages[0].error.code).toBe('TooLarge');
      }),
      runs(20),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_PAYLOAD + 1, max: 4 * MAX_PAYLOAD }), async (size) => {
        cases.count('oversized frame');
        const victim = await connect();
        const closed = new Promise<number>((resolve) => victim.ws.once('close', (code) => resolve(code)));
        victim.ws.send('x'.repeat(size));
        expect(await closed).toBe(1009);
        const fresh = await connect();
        expect(await fresh.exchange(JSON.stringify({ type: 'unsubscribe', id: 'none' }))).toEqual([]);
        await fresh.close();
      }),
      runs(10),
    );
  });

  it('after all of it: the same socket subscribes and gets the snapshot; nothing changed', async () => {
    const snapshot = new Promise<ServerMessage>((resolve) => {
      client.ws.on('message', (data) => {
        const message = serverMessageSchema.parse(JSON.parse(String(data)));
        if (message.type === 'snapshot' && message.id === 'ok') resolve(message);
      });
    });
    const answered = await client.exchange(JSON.stringify({ type: 'subscribe', id: 'ok', resource: 'gitrepos', workspace: WS }));
    expect(answered.filter((m) => m.type === 'error')).toEqual([]);
    const got = await snapshot;
    expect(got.type === 'snapshot' && got.items.map((i) => i.name)).toEqual([SEEDED.gitrepo]);
    const after = await snapshotObjects(f.t);
    expect([...after.entries()]).toEqual([...before.entries()]);
    expect(f.gateway.connections()).toBe(1);
  });
});
