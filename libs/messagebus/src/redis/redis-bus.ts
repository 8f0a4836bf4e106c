import Redis, { RedisOptions } from 'ioredis';
import { EventPacket, parsePacket, ReplyPacket } from '../contracts/wire';
import { MessageBus, MessageHandler } from '../message-bus';
import { topicMatches } from '../topics';

/** Where the Redis server is. */
export interface RedisBusOptions {
  readonly host: string;
  readonly port: number;
  /** Longest wait between reconnection attempts, ms (default 2000). */
  readonly maxRetryDelayMs?: number;
}

/**
 * Connection options shared by the bus, the client and the service's Redis transport: retry
 * forever with capped backoff. A publishing connection fails fast while Redis is down instead of
 * queueing without bound; a subscribing one queues its (few) subscribe commands until connected.
 */
export function redisOptions(options: RedisBusOptions, role: 'publish' | 'subscribe'): RedisOptions {
  const cap = options.maxRetryDelayMs ?? 2000;
  return {
    host: options.host,
    port: options.port,
    lazyConnect: true,
    enableOfflineQueue: role === 'subscribe',
    maxRetriesPerRequest: role === 'subscribe' ? null : 0,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), cap),
  };
}

/** Connects `client`, or waits for the attempt a queued command already started; false if it failed. */
async function open(client: Redis): Promise<boolean> {
  if (client.status === 'ready') return true;
  if (client.status === 'wait') return client.connect().then(() => true, () => false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      client.off('ready', onReady);
      client.off('error', onError);
      resolve(ok);
    };
    const onReady = done(true);
    const onError = done(false);
    client.once('ready', onReady);
    client.once('error', onError);
  });
}

/**
 * Publish/subscribe over Redis with NestJS's event packet format. Topic patterns with `*` use
 * PSUBSCRIBE; Redis's `*` also matches dots, so deliveries are filtered to one segment per `*`.
 * Connections retry forever; `connected` tells whether publishing works now.
 */
export class RedisBus implements MessageBus {
  readonly distributed = true;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly subscriptions = new Set<{ pattern: string; handler: MessageHandler }>();
  private readonly patterns = new Map<string, number>();
  private closed = false;
  /** Publishes that failed because Redis was unreachable. */
  dropped = 0;

  constructor(readonly options: RedisBusOptions) {
    this.pub = new Redis(redisOptions(options, 'publish'));
    this.sub = new Redis(redisOptions(options, 'subscribe'));
    // Errors are reported through `connected`; without listeners ioredis would print each retry.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('pmessage', (_pattern: string, channel: string, raw: string) => void this.deliver(channel, raw));
  }

  /** Starts connecting; resolves once connected or after the first failed attempt (retries continue). */
  async connect(): Promise<boolean> {
    const results = await Promise.all([open(this.pub), open(this.sub)]);
    return results.every(Boolean);
  }

  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  async publish<T>(topic: string, payload: T): Promise<void> {
    const packet: EventPacket<T> = { pattern: topic, data: payload };
    try {
      await this.pub.publish(topic, JSON.stringify(packet));
    } catch (error) {
      this.dropped++;
      throw error;
    }
  }

  /** Publishes an already encoded packet (a Nest request or reply) on `topic`. */
  async publishRaw(topic: string, raw: string): Promise<void> {
    await this.pub.publish(topic, raw);
  }

  subscribe<T>(pattern: string, handler: MessageHandler<T>): () => void {
    const entry = { pattern, handler: handler as MessageHandler };
    this.subscriptions.add(entry);
    const count = this.patterns.get(pattern) ?? 0;
    this.patterns.set(pattern, count + 1);
    // ioredis queues the command until connected and re-subscribes after a reconnect.
    if (count === 0) void this.sub.psubscribe(pattern).catch(() => undefined);
    return () => {
      if (!this.subscriptions.delete(entry)) return;
      const left = (this.patterns.get(pattern) ?? 1) - 1;
      if (left > 0) this.patterns.set(pattern, left);
      else {
        this.patterns.delete(pattern);
        if (!this.closed) void this.sub.punsubscribe(pattern).catch(() => undefined);
      }
    };
  }

  /** Resolves once every pattern subscribed so far is active on the server. */
  async ready(): Promise<void> {
    for (const pattern of this.patterns.keys()) await this.sub.psubscribe(pattern);
  }

  /**
   * Publishes the request packet `raw` on `topic` once `reply` is subscribed, and resolves with
   * the first reply packet whose id is `id`; rejects after `timeoutMs`.
   */
  async requestRaw(topic: string, reply: string, raw: string, id: string, timeoutMs: number): Promise<ReplyPacket> {
    let off: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<ReplyPacket>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply on ${reply} within ${timeoutMs} ms`)), timeoutMs);
      off = this.subscribe<ReplyPacket>(reply, (packet) => {
        // Nest may send the value and the end of the stream as two packets; the value is what counts.
        if (packet?.id === id && (packet.response !== undefined || (packet.err !== undefined && packet.err !== null))) resolve(packet);
      });
    });
    try {
      await this.sub.psubscribe(reply);
      await this.publishRaw(topic, raw);
      return await answer;
    } finally {
      clearTimeout(timer);
      off();
    }
  }

  private async deliver(channel: string, raw: string): Promise<void> {
    const packet = parsePacket(raw);
    const payload = packet && 'data' in packet ? packet.data : packet ?? raw;
    for (const s of [...this.subscriptions]) {
      if (!topicMatches(s.pattern, channel)) continue;
      try {
        await s.handler(payload, channel);
      } catch {
        // One failing subscriber must not stop delivery to the others.
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriptions.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
