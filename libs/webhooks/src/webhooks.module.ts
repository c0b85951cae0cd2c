import { Global, Module } from '@nestjs/common';
import { WebhookSender } from './webhook-sender';

@Global()
@Module({ providers: [WebhookSender], exports: [WebhookSender] })
export class WebhooksModule {}
