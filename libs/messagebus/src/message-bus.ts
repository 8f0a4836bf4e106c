/** A handler of messages published on topics matching a pattern. */
export type MessageHandler<T = unknown> = (payload: T, topic: string) => void | Promise<void>;

/** Publish/subscribe over topics; implemented in process and over Redis. */
export interface MessageBus {
  /** Whether messages leave this process (false for the in-process bus). */
  readonly distributed: boolean;
  /** Whether messages can be published now (the in-process bus always can; Redis only while connected). */
  readonly connected: boolean;
  publish<T>(topic: string, payload: T): Promise<void>;
  /** Subscribes to a pattern (`*` = one segment); returns the unsubscribe function. */
  subscribe<T>(pattern: string, handler: MessageHandler<T>): () => void;
  close(): Promise<void>;
}
