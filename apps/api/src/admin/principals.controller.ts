import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiError, PageQuery } from '@docket/common';
import { CurrentPrincipal, Principal, PrincipalsService } from '@docket/principals';
import { CreatePrincipalDto, CreatedPrincipalDto, PrincipalPageDto } from './principal.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/principals')
export class PrincipalsController {
  constructor(private readonly principals: PrincipalsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedPrincipalDto })
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreatePrincipalDto) {
    return this.principals.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: PrincipalPageDto, description: 'Active principals, newest first; never their keys.' })
  list(@Query() page: PageQuery) {
    return this.principals.list(page.limit, page.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: its API key stops working at once.' })
  async revoke(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => notFound() })) id: string) {
    await this.principals.revoke(actor, id);
  }
}

const notFound = () => ApiError.notFound('principal');
