// A headless user agent for the real OpenID provider (oidc-provider): keeps
// cookies, follows redirects, and submits the pages' forms the way a browser
// with JavaScript would (the provider's "Submitting Callback" pages and its
// user-code confirmation). It never reads the provider's state directly: it
// goes through the same endpoints a person's browser would.
import * as http from 'node:http';
import * as https from 'node:https';

export interface Page {
  readonly url: URL;
  readonly status: number;
  readonly body: string;
}

interface Form {
  readonly action: string;
  readonly fields: URLSearchParams;
}

const MAX_STEPS = 20;

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x2F);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x2F': '/' })[e]!);
}

/** The first POST form of a page with its hidden fields and the value of its submit button, if it has a name. */
export function firstPostForm(html: string): Form | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || !/method="post"/i.test(form[1]!)) return undefined;
  const action = /action="([^"]*)"/i.exec(form[1]!)?.[1];
  if (action === undefined) return undefined;
  const fields = new URLSearchParams();
  for (const input of form[2]!.matchAll(/<input\b[^>]*>/gi)) {
    const name = /name="([^"]+)"/i.exec(input[0])?.[1];
    const value = /value="([^"]*)"/i.exec(input[0])?.[1] ?? '';
    if (name && /type="hidden"/i.test(input[0])) fields.set(unescape(name), unescape(value));
  }
  for (const button of form[2]!.matchAll(/<button\b[^>]*>/gi)) {
    const name = /name="([^"]+)"/i.exec(button[0])?.[1];
    const value = /value="([^"]*)"/i.exec(button[0])?.[1];
    if (name && value !== undefined && !fields.has(name)) fields.set(unescape(name), unescape(value));
  }
  return { action: unescape(action), fields };
}

export class UserAgent {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly ca: string) {}

  private request(url: URL, form?: URLSearchParams): Promise<{ status: number; location?: string; body: string }> {
    const body = form?.toString();
    const headers: Record<string, string> = { host: url.host };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) });
    const options = { method: body === undefined ? 'GET' : 'POST', hostname: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers };
    return new Promise((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage): void => {
        for (const cookie of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = cookie.split(';');
          const eq = pair.indexOf('=');
          if (eq > 0) {
            const expired = /expires=Thu, 01 Jan 1970/i.test(cookie);
            if (expired) this.cookies.delete(pair.slice(0, eq));
            else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
          }
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
      };
      const req = url.protocol === 'https:' ? https.request({ ...options, ca: this.ca }, onResponse) : http.request(options, onResponse);
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Opens `start`, then follows redirects and submits forms until a page has neither, or `stopAt` says so. */
  async browse(start: string, stopAt: (url: URL) => boolean = () => false): Promise<Page> {
    let url = new URL(start);
    let form: URLSearchParams | undefined;
    for (let step = 0; step < MAX_STEPS; step++) {
      const answer = await this.request(url, form);
      form = undefined;
      if (answer.status >= 300 && answer.status < 400 && answer.location) {
        url = new URL(answer.location, url);
        if (stopAt(url)) return { url, status: answer.status, body: '' };
        continue;
      }
      const next = answer.status === 200 ? firstPostForm(answer.body) : undefined;
      if (!next) return { url, status: answer.status, body: answer.body };
      url = new URL(next.action, url);
      form = next.fields;
    }
    throw new Error(`The sign-in pages did not settle within ${MAX_STEPS} steps (last at ${url.href}).`);
  }
}
