import { INestApplication } from '@nestjs/common';
import { ServiceConfig } from '../core/service-config';
import { SERVICE_CONFIG } from '../core/tokens';
import { MessagingService } from './messaging.service';
import { WildcardRedisServer } from './wildcard-redis.server';

/**
 * Attaches the Redis transport for the inbound topics when a Redis is configured (a hybrid app:
 * REST and bus in one process). It never fails the start: without Redis the transport keeps
 * retrying and the REST API serves meanwhile.
 */
export async function connectMessageBus(app: INestApplication): Promise<void> {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  if (!config.messageBus) return;
  const transport = new WildcardRedisServer(config.messageBus);
  app.connectMicroservice({ strategy: transport });
  app.get(MessagingService).attachTransport(transport);
  await app.startAllMicroservices();
}
