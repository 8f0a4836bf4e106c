/**
 * The JSON packets NestJS's Redis transport puts on a channel, so that Nest clients and servers
 * and this library's clients understand each other:
 * - an event is `{ pattern, data }` on the topic itself;
 * - a request is `{ pattern, data, id }` on the topic; its answer is `{ id, response, err?, isDisposed }`
 *   on `<topic>.reply`.
 */
export interface EventPacket<T = unknown> {
  readonly pattern: string;
  readonly data: T;
}

export interface RequestPacket<T = unknown> extends EventPacket<T> {
  readonly id: string;
}

export interface ReplyPacket<T = unknown> {
  readonly id: string;
  readonly response?: T;
  readonly err?: unknown;
  readonly isDisposed?: boolean;
}

/** Returns the reply channel of a request topic. */
export function replyTopic(topic: string): string {
  return `${topic}.reply`;
}

/** Parses a packet; returns undefined for text that is not a JSON object. */
export function parsePacket(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
