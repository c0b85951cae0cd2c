/**
 * Post and media URLs come from the reported platform, i.e. from anyone: only http(s) may become a link or an image
 * source, never javascript: or similar.
 */
export function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}
