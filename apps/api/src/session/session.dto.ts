import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SignInDto {
  @ApiProperty({ description: 'The API key of a moderator, senior or admin; exchanged for a session, never stored.', minLength: 1, maxLength: 512 })
  @IsString() @Length(1, 512)
  apiKey: string;
}

class SessionPrincipalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['moderator', 'senior', 'admin'] }) role: string;
}

export class SessionDto {
  @ApiProperty({ type: SessionPrincipalDto }) principal: SessionPrincipalDto;
  @ApiProperty({ description: 'Send it as X-CSRF-Token with every write the cookie authenticates.' }) csrfToken: string;
  @ApiProperty({ description: 'The session ends after this long without a request.' }) idleTimeoutSeconds: number;
  @ApiProperty({ format: 'date-time', description: 'When the session ends if no request comes before.' }) expiresAt: string;
  @ApiProperty({ description: "The current deadline policy's warning point, as a fraction of a case's window." }) warnAtFraction: number;
}
