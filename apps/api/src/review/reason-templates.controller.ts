import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@docket/common';
import { CurrentPrincipal, Principal, Roles } from '@docket/principals';
import { ReasonTemplatesService } from '@docket/review';
import { ReasonTemplateDto, ReasonTemplateInputDto, ReasonTemplateListDto } from './reason-template.dto';

const templateId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('reason template') });

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/reason-templates')
export class ReasonTemplatesController {
  constructor(private readonly templates: ReasonTemplatesService) {}

  @Get()
  @Roles('moderator', 'senior')
  @ApiOperation({ summary: 'Reason templates, in position order' })
  @ApiOkResponse({ type: ReasonTemplateListDto })
  list() {
    return this.templates.list();
  }

  @Post()
  @Roles('senior')
  @ApiOperation({ summary: 'Add a reason template (seniors and admins)' })
  @ApiCreatedResponse({ type: ReasonTemplateDto })
  create(@CurrentPrincipal() actor: Principal, @Body() body: ReasonTemplateInputDto) {
    return this.templates.create(actor, body);
  }

  @Put(':id')
  @Roles('senior')
  @ApiOperation({ summary: 'Replace a reason template (seniors and admins)' })
  @ApiOkResponse({ type: ReasonTemplateDto })
  replace(@CurrentPrincipal() actor: Principal, @Param('id', templateId()) id: string, @Body() body: ReasonTemplateInputDto) {
    return this.templates.replace(actor, id, body);
  }

  @Delete(':id')
  @Roles('senior')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a reason template (seniors and admins)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async delete(@CurrentPrincipal() actor: Principal, @Param('id', templateId()) id: string) {
    await this.templates.delete(actor, id);
  }
}
