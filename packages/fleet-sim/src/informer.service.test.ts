import { describe, expect, it } from 'vitest';
import { createInformer, isOlder, type ChangeType } from './informer.service';
import { RESOURCES, type KubeClient, type WatchEventType } from './kube-client.service';
import type { KubeObject } from './kube-object.model';
import { createRandom } from './random.model';
import { createManualScheduler } from './scheduler.service';

const obj = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name, namespace: 'ns', resourceVersion: rv } });

interface FakeWatch {
  rv: string;
  emit(type: WatchEventType, o: KubeObject | { code: number }): void;
  end(error?: unknown): void;
}

function fakeClient(lists: Array<{ items: KubeObject[]; resourceVersion: string }>) {
  const watches: FakeWatch[] = [];
  let listCalls = 0;
  const client = {
    async list() {
      const page = lists[Math.min(listCalls, lists.length - 1)];
      listCalls++;
      return page ?? { items: [], resourceVersion: '0' };
    },
    async watch(_type: unknown, rv: string, onEvent: (t: WatchEventType, o: KubeObject) => void, done: (e: unknown) => void) {
      let ended = false;
      watches.push({
        rv,
        emit: (t, o) => onEvent(t, o as KubeObject),
        end: (e) => {
          if (!ended) {
            ended = true;
            done(e ?? null);
          }
        },
      });
      return () => watches.at(-1)?.end();
    },
  } as unknown as KubeClient;
  return { client, watches, listCalls: () => listCalls };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('informer', () => {
  it('lists, then watches from the list resourceVersion, applying events once', async () => {
    const fake = fakeClient([{ items: [obj('a', '5')], resourceVersion: '10' }]);
    const seen: string[] = [];
    const informer = createInformer({
      client: fake.client,
      type: RESOURCES.gitRepo,
      scheduler: createManualScheduler(),
      random: createRandom(1),
      onChange: (c: ChangeType, o) => seen.push(`${c}:${o.metadata.name}@${o.metadata.resourceVersion}`),
    });
    await informer.start();
    expect(fake.watches[0]?.rv).toBe('10');
    fake.watches[0]?.emit('MODIFIED', obj('a', '11'));
    fake.watches[0]?.emit('MODIFIED', obj('a', '11')); // duplicate
    fake.watches[0]?.emit('ADDED', obj('b', '12'));
    fake.watches[0]?.emit('BOOKMARK', { ...obj('', '13') });
    fake.watches[0]?.emit('DELETED', obj('a', '14'));
    expect(seen).toEqual(['added:a@5', 'modified:a@11', 'added:b@12', 'deleted:a@14']);
    expect(informer.get('ns/b')?.metadata.resourceVersion).toBe('12');
    // a normal server-side close resumes from the last resourceVersion (bookmark included)
    fake.watches[0]?.end();
    await flush();
    expect(fake.watches[1]?.rv).toBe('14');
    informer.stop();
  });

  it('relists on 410 Gone and emits the difference', async () => {
    const fake = fakeClient([
      { items: [obj('a', '5'), obj('b', '6')], resourceVersion: '10' },
      { items: [obj('b', '20'), obj('c', '21')], resourceVersion: '30' },
    ]);
    const scheduler = createManualScheduler();
    const seen: string[] = [];
    const informer = createInformer({
      client: fake.client,
      type: RESOURCES.gitRepo,
      scheduler,
      random: createRandom(1),
      onChange: (c, o) => seen.push(`${c}:${o.metadata.name}`),
    });
    await informer.start();
    seen.length = 0;
    fake.watches[0]?.emit('ERROR', { code: 410 });
    fake.watches[0]?.end();
    scheduler.runAll();
    await flush();
    expect(fake.listCalls()).toBe(2);
    expect(seen.sort()).toEqual(['added:c', 'deleted:a', 'modified:b']);
    expect(fake.watches.at(-1)?.rv).toBe('30');
    informer.stop();
  });

  it('retries with backoff after an error and stops cleanly', async () => {
    const fake = fakeClient([{ items: [], resourceVersion: '1' }]);
    const scheduler = createManualScheduler();
    const informer = createInformer({ client: fake.client, type: RESOURCES.gitRepo, scheduler, random: createRandom(1), onChange: () => undefined, log: () => undefined });
    await informer.start();
    fake.watches[0]?.end(new Error('connection reset'));
    expect(fake.watches).toHaveLength(1);
    scheduler.runAll();
    await flush();
    expect(fake.watches).toHaveLength(2);
    expect(fake.watches[1]?.rv).toBe('1');
    informer.stop();
    fake.watches[1]?.end(new Error('after stop'));
    scheduler.runAll();
    await flush();
    expect(fake.watches).toHaveLength(2);
  });

  it('ignores older resourceVersions in observe()', () => {
    expect(isOlder('9', '10')).toBe(true);
    expect(isOlder('10', '9')).toBe(false);
    expect(isOlder('abc', '10')).toBe(false);
  });
});
