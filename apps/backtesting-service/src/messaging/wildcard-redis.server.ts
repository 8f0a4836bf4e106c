import { Logger } from '@nestjs/common';
import { BaseRpcContext, MessageHandler, ReadPacket, RedisContext, ServerRedis } from '@nestjs/microservices';
import { redisOptions, replyTopic, topicMatches } from '@nautilus/messagebus';
import type Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';

/**
 * Nest's Redis transport with three changes this service needs:
 * - topics such as `backtest.execute.*` match one segment per `*` (Nest's own wildcard mode looks
 *   handlers up by the subscription pattern and answers on `<pattern>.reply`, a channel nobody
 *   listens to); here the answer goes to `<actual channel>.reply`, where Nest clients wait;
 * - a missing Redis at start does not stop the app: it serves REST and subscribes once Redis is up;
 * - a message without a request id whose handler refuses it gets the error on `<channel>.reply`.
 */
export class WildcardRedisServer extends ServerRedis {
  private readonly log = new Logger('messagebus');
  private disconnectedLogged = false;

  constructor(private readonly target: { host: string; port: number }) {
    super({ host: target.host, port: target.port, wildcards: true });
  }

  /** Whether both connections of the transport are up. */
  get connected(): boolean {
    return this.subClient?.status === 'ready' && this.pubClient?.status === 'ready';
  }

  override createRedisClient(): Redis {
    const client = super.createRedisClient();
    // Retry forever with capped backoff, whatever Nest's retryAttempts defaults say.
    client.options.retryStrategy = redisOptions(this.target, 'subscribe').retryStrategy;
    return client;
  }

  override registerErrorListener(client: Redis): void {
    client.on('error', (err: Error) => {
      if (this.disconnectedLogged) return;
      this.disconnectedLogged = true;
      this.log.warn(`Redis at ${this.target.host}:${this.target.port} unreachable (${err.message}); REST keeps serving, retrying`);
    });
    client.on('ready', () => (this.disconnectedLogged = false));
  }

  override start(callback?: () => void): void {
    let bound = false;
    const bind = () => {
      if (bound) return;
      bound = true;
      this.bindEvents(this.subClient, this.pubClient);
    };
    this.subClient.once('ready', bind);
    void Promise.allSettled([this.subClient.connect(), this.pubClient.connect()]);
    callback?.();
  }

  override getMessageHandler(pub: Redis): (subscribed: string, channel: string, buffer: string) => Promise<unknown> {
    return (_subscribed, channel, buffer) => this.handleMessage(channel, buffer, pub, channel);
  }

  override getHandlerByPattern(channel: string): MessageHandler | null {
    const exact = super.getHandlerByPattern(channel);
    if (exact) return exact;
    for (const [pattern, handler] of this.messageHandlers) {
      if (topicMatches(pattern, channel)) return handler;
    }
    return null;
  }

  override async handleEvent(channel: string, packet: ReadPacket, context: BaseRpcContext): Promise<void> {
    const handler = this.getHandlerByPattern(channel);
    if (!handler) return;
    const reply = await lastValueFrom(this.transformToObservable(await handler(packet.data, context)), { defaultValue: undefined });
    if (reply && typeof reply === 'object' && (reply as { status?: string }).status === 'error') {
      const actual = context instanceof RedisContext ? context.getChannel() : channel;
      await this.pubClient.publish(replyTopic(actual), JSON.stringify({ pattern: replyTopic(actual), data: reply }));
    }
  }
}
