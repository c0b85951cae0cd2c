import { randomBytes } from 'node:crypto';

/**
 * The notice the load sends: the contract's example, a realistic size (~700
 * bytes of JSON) with every optional field, so validation and storage do all
 * their work. Every notice names a post no other notice names ("distinct
 * posts"): each opens its own case, the expensive path.
 */
export interface NoticeBody {
  post: { id: string; url: string; authorId: string; text: string; language: string; mediaUrls: string[]; postedAt: string };
  category: string;
  specification: string[];
  description: string;
  evidenceUrls: string[];
  externalRef: string;
  reportedAt: string;
}

/** Post ids unique across runs and processes: a run prefix plus a counter. */
export class PostIds {
  private readonly prefix = `bench-${randomBytes(4).toString('hex')}-`;
  private n = 0;

  private last = '';

  next(): string {
    this.last = `${this.prefix}${(this.n++).toString(36)}`;
    return this.last;
  }

  /** The id next() returned last: the same post named again in the same notice (its URL). */
  peekLast(): string {
    return this.last;
  }
}

const TEXTS = [
  'They must hang. Kill them all before the inauguration.',
  'Lovely weather in the park today, the ducks are back.',
  'Bring your weapons on the 20th, we storm the building and burn it down.',
  'Our new recipe for lemon cake is up on the blog, link in bio.',
];

export function notice(postId: string, n: number): NoticeBody {
  return {
    post: {
      id: postId,
      url: `https://social.example/p/${postId}`,
      authorId: `u-${n % 5000}`,
      text: TEXTS[n % TEXTS.length],
      language: 'en',
      mediaUrls: [`https://media.social.example/${postId}.jpg`],
      postedAt: '2021-01-08T10:00:00Z',
    },
    category: 'STATEMENT_CATEGORY_VIOLENCE',
    specification: ['KEYWORD_TERRORIST_CONTENT'],
    description: 'Call to violence ahead of the inauguration, reported by our abuse desk.',
    evidenceUrls: ['https://evidence.example/shot-1.png'],
    externalRef: `AWS-TS-${n}`,
    reportedAt: '2021-01-09T08:00:00Z',
  };
}
