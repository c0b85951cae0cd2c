import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { CurrentPrincipal, LiveSession, Principal, Roles, SESSION_COOKIE } from '@docket/principals';
import { holderId } from '@docket/review';
import { WellnessService } from '@docket/wellness';

export class PreferencesDto {
  @ApiProperty({ default: true, description: 'Blur the text and media of violent cases until revealed.' })
  @IsBoolean()
  blurViolent: boolean;

  @ApiProperty({ default: true, description: 'Show images in grayscale.' })
  @IsBoolean()
  grayscaleMedia: boolean;
}

class ExposureCountsDto {
  @ApiProperty() cases: number;
  @ApiProperty() violentCases: number;
}

class SessionExposureDto extends ExposureCountsDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the console session (for an API key: of the UTC day).' }) since: string;
}

class ExposureLimitsDto {
  @ApiProperty() breakAfterMinutes: number;
  @ApiProperty() breakAfterViolentCases: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Violent cases a day past which claims give non-violent cases only; null: no cap.' }) dailyViolentCap: number | null;
}

class ExposureDto {
  @ApiProperty({ type: SessionExposureDto }) session: SessionExposureDto;
  @ApiProperty({ type: ExposureCountsDto, description: 'Since the start of the UTC day.' }) today: ExposureCountsDto;
  @ApiProperty({ type: ExposureCountsDto, description: 'Since the last pause (WELLNESS_PAUSE_MINUTES without a claim).' }) sincePause: ExposureCountsDto;
  @ApiProperty({ description: 'Minutes since the first claim after the last pause.' }) continuousWorkMinutes: number;
  @ApiProperty({ type: ExposureLimitsDto }) limits: ExposureLimitsDto;
  @ApiProperty({ description: 'Continuous work or violent cases since the last pause reached their limit.' }) breakDue: boolean;
  @ApiProperty({ description: 'Past the daily cap: claims give non-violent cases only.' }) violentCapReached: boolean;
}

/** What docket knows of the moderator calling: their exposure and their preferences. Visible to them alone. */
@ApiTags('wellness')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
@Roles('moderator', 'senior')
@Controller('v1/me')
export class MeController {
  constructor(private readonly wellness: WellnessService) {}

  @Get('exposure')
  @ApiOperation({ summary: 'Cases and violent cases I opened this session, today and since my last pause, and whether a break is due' })
  @ApiOkResponse({ type: ExposureDto })
  exposure(@CurrentPrincipal() me: Principal, @Req() request: { consoleSession?: LiveSession }) {
    holderId(me);
    return this.wellness.exposure(me, request.consoleSession?.createdAt);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'My console preferences (protection on by default)' })
  @ApiOkResponse({ type: PreferencesDto })
  preferences(@CurrentPrincipal() me: Principal) {
    holderId(me);
    return this.wellness.preferencesOf(me);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Replace my console preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  savePreferences(@CurrentPrincipal() me: Principal, @Body() body: PreferencesDto) {
    holderId(me);
    return this.wellness.savePreferences(me, body);
  }
}
