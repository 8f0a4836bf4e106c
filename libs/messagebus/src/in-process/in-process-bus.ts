import { MessageBus, MessageHandler } from '../message-bus';
import { topicMatches } from '../topics';

/** The fallback bus when no Redis is configured: delivery within this process only, in order. */
export class InProcessBus implements MessageBus {
  readonly distributed = false;
  readonly connected = true;
  private readonly subscriptions = new Set<{ pattern: string; handler: MessageHandler }>();

  async publish<T>(topic: string, payload: T): Promise<void> {
    for (const s of [...this.subscriptions]) {
      if (topicMatches(s.pattern, topic)) await s.handler(payload, topic);
    }
  }

  subscribe<T>(pattern: string, handler: MessageHandler<T>): () => void {
    const entry = { pattern, handler: handler as MessageHandler };
    this.subscriptions.add(entry);
    return () => this.subscriptions.delete(entry);
  }

  async close(): Promise<void> {
    this.subscriptions.clear();
  }
}
