import { Injectable } from '@nestjs/common';
import { AuditLog } from '@docket/audit';
import { ApiError, Clock } from '@docket/common';
import { Transactions } from '@docket/database';
import type { Principal } from '@docket/principals';
import { IntakeRepository } from './intake.repository';
import type { PostSnapshot } from './notice';

/**
 * One post, one identity: the platform's post id is the post's name, and its content URL is an alias. A reporter or
 * the platform maps the URL to the id (`POST /v1/posts`, a notice or a scan that carries both); an X-ARF notice,
 * which names content only by URL, then joins that post's case instead of opening one for the URL.
 */
@Injectable()
export class PostIdentityService {
  constructor(
    private readonly tx: Transactions,
    private readonly intake: IntakeRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The platform's id of the post at this URL, if a notice, a scan or a mapping named both; the URL itself otherwise. */
  async postIdForUrl(url: string): Promise<string> {
    return (await this.intake.postByUrl(this.tx.reader, url))?.id ?? url;
  }

  /** Records the post under the platform's id with its URL; a URL or an id already mapped otherwise is a 409. */
  register(actor: Principal, post: PostSnapshot & { url: string }): Promise<{ id: string; url: string }> {
    return this.tx.run(async (tx) => {
      const taken = await this.intake.postByUrl(tx, post.url);
      if (taken && taken.id !== post.id) throw ApiError.conflict(`this url already names post ${taken.id}`);
      await this.intake.upsertPosts(tx, [post]);
      const stored = await this.intake.postUrl(tx, post.id);
      if (stored !== post.url) throw ApiError.conflict(`post ${post.id} already has another url (${stored})`);
      await this.audit.record(tx, {
        actor: { id: actor.id, role: actor.role }, action: 'post.registered', subjectType: 'post', subjectId: post.id, at: this.clock.now(),
        data: { url: post.url },
      });
      return { id: post.id, url: post.url };
    });
  }
}
