import { KeyedButton } from './keyed-button';
import { safeUrl } from './safe-url';
import { Timestamp } from './timestamp';
import type { Post } from './types';

interface PostViewProps {
  post: Post;
  /** The case is violent and the moderator's preference is to blur such content. */
  blurApplies: boolean;
  revealed: boolean;
  onToggleReveal: () => void;
  grayscaleMedia: boolean;
}

export function PostView({ post, blurApplies, revealed, onToggleReveal, grayscaleMedia }: PostViewProps) {
  const blurred = blurApplies && !revealed;
  const url = safeUrl(post.url);
  return (
    <section class="panel post" aria-labelledby="post-title">
      <h2 id="post-title">Post</h2>
      <dl class="post-meta">
        <div class="wide"><dt>Post</dt><dd>{post.id}</dd></div>
        <div><dt>Author</dt><dd>{post.authorId ?? 'unknown'}</dd></div>
        <div><dt>Language</dt><dd>{post.language ?? 'unknown'}</dd></div>
        <div><dt>Posted</dt><dd>{post.postedAt ? <Timestamp iso={post.postedAt} /> : 'unknown'}</dd></div>
        <div class="wide">
          <dt>URL</dt>
          <dd>{url ? <a href={url} target="_blank" rel="noreferrer">{url}</a> : post.url ?? 'none'}</dd>
        </div>
      </dl>
      {blurApplies && (
        <div class="blur-control">
          {/* A toggle keeps one label; aria-pressed (and its look) say whether the content is revealed. */}
          <KeyedButton label="Reveal content" shortcut="b" aria-pressed={revealed} onClick={onToggleReveal} />
          <span class="blur-notice">{revealed ? 'Revealed' : 'Blurred'}: flagged as violent</span>
        </div>
      )}
      <div class="post-content" data-blurred={String(blurred)}>
        <blockquote class="post-text" aria-label="Post text">{post.text ?? ''}</blockquote>
        {post.text === null && <p class="muted">The post has no text.</p>}
        {post.mediaUrls.length > 0 && (
          <ul class="media">
            {post.mediaUrls.map((mediaUrl, i) => <MediaItem key={mediaUrl} url={mediaUrl} alt={`Media ${i + 1}`} grayscale={grayscaleMedia} />)}
          </ul>
        )}
      </div>
    </section>
  );
}

function MediaItem({ url, alt, grayscale }: { url: string; alt: string; grayscale: boolean }) {
  const safe = safeUrl(url);
  if (!safe) return <li><span class="media-url">{url}</span></li>;
  return (
    <li>
      <a href={safe} target="_blank" rel="noreferrer">
        {/* no-referrer: the platform's media host need not learn which console looked at it. */}
        <img src={safe} alt={alt} class={grayscale ? 'grayscale' : undefined} loading="lazy" referrerpolicy="no-referrer" />
        <span class="media-url">{safe}</span>
      </a>
    </li>
  );
}
