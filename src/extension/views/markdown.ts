/**
 * The one way a string from a workspace or an identity provider (names,
 * creators, messages, user codes, addresses) enters Markdown: escaped, so it
 * shows as text and cannot add links, command links, HTML, theme icons or
 * line structure. No vscode import, so it is unit-tested.
 */
import { browserSafeUrl } from '../../core/identity/browserUrl';

/** Escapes Markdown, HTML and `$(icon)` syntax, and folds line breaks into spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, '\\$&');
}

/** A code span; a backtick cannot be escaped inside one, so it becomes a quote. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r\n?|\n/g, ' ')}\``;
}

/**
 * Notifications (messages and progress) render no Markdown but `[label](target)` links, command links
 * included. Square brackets from a server or provider become look-alikes, so such text can never form a link.
 */
export function notificationText(text: string): string {
  return text.replace(/\[/g, '［').replace(/\]/g, '］');
}

/** A notification link to a web page the identity provider named; text only when it is not https (or loopback http). */
export function notificationWebLink(url: string): string {
  let href: string;
  try {
    href = browserSafeUrl(url);
  } catch {
    return notificationText(url);
  }
  return `[${notificationText(url)}](${encodeLinkTarget(href)})`;
}

/** Parentheses and spaces would end a link target early; the URL parser leaves parentheses alone. */
function encodeLinkTarget(href: string): string {
  return href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
