import { randomUUID } from 'node:crypto';
import { RedisBus } from './redis-bus';
import { replyTopic, RequestPacket } from '../contracts/wire';

// Real Redis on 127.0.0.1:6379, as on every machine of this project and in CI.
const REDIS = { host: '127.0.0.1', port: 6379 };
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('RedisBus on a real Redis', () => {
  const ns = `test${randomUUID().slice(0, 8)}`;
  let a: RedisBus;
  let b: RedisBus;
  beforeAll(async () => {
    a = new RedisBus(REDIS);
    b = new RedisBus(REDIS);
    expect(await a.connect()).toBe(true);
    expect(await b.connect()).toBe(true);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('delivers across connections, one segment per *, in Nest event packets', async () => {
    const got: string[] = [];
    const off = b.subscribe<{ n: number }>(`${ns}.done.*`, (p, topic) => {
      got.push(`${topic}:${p.n}`);
    });
    await b.ready();
    await a.publish(`${ns}.done.x`, { n: 1 });
    await a.publish(`${ns}.done.x.reply`, { n: 2 });
    await a.publish(`${ns}.other.y`, { n: 3 });
    await a.publish(`${ns}.done.y`, { n: 4 });
    await until(() => got.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual([`${ns}.done.x:1`, `${ns}.done.y:4`]);
    off();
    expect(a.connected).toBe(true);
  });

  it('answers a request through the Nest reply convention', async () => {
    const topic = `${ns}.ask.1`;
    // A responder speaking Nest's protocol: read { id, data }, answer on <topic>.reply.
    const offResponder = b.subscribe<unknown>(`${ns}.ask.*`, () => undefined);
    const raw = (b as unknown as { sub: import('ioredis').Redis }).sub;
    const handler = (_p: string, channel: string, message: string) => {
      if (channel !== topic) return;
      const packet = JSON.parse(message) as RequestPacket<{ x: number }>;
      void a.publishRaw(replyTopic(topic), JSON.stringify({ id: packet.id, response: { doubled: packet.data.x * 2 }, isDisposed: true }));
    };
    raw.on('pmessage', handler);
    await b.ready();
    const reply = await a.requestRaw(topic, replyTopic(topic), JSON.stringify({ pattern: topic, data: { x: 21 }, id: 'r1' }), 'r1', 2000);
    expect(reply.response).toEqual({ doubled: 42 });
    raw.off('pmessage', handler);
    offResponder();
  });
});

describe('RedisBus without a server', () => {
  it('reports disconnected, fails publishes fast and counts them', async () => {
    const bus = new RedisBus({ host: '127.0.0.1', port: 1, maxRetryDelayMs: 100 });
    expect(await bus.connect()).toBe(false);
    expect(bus.connected).toBe(false);
    await expect(bus.publish('x.y', {})).rejects.toThrow();
    expect(bus.dropped).toBe(1);
    await bus.close();
  });
});
