// A headless stand-in for the user's browser during a browser sign-in:
// opens the authorize URL, clicks "Accept" on the consent page if there is
// one, and delivers the result to the app's loopback redirect URI the way a
// browser would (follows the 302, or submits the form_post form). Hand it to
// MSAL as `openBrowser` in tests that run without a real browser.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

export interface BrowserOptions {
  caPath: string;
  /** The user to pick on the consent page; default the page's preselected user. */
  userName?: string;
  /** Default accept. */
  decision?: 'accept' | 'cancel';
}

export interface BrowserOutcome {
  /** The loopback URL the result was delivered to. */
  deliveredTo: string;
  /** What the app received: code and state, or error and error_description. */
  fields: Record<string, string>;
  /** The app's HTTP answer to the delivery. */
  status: number;
}

interface Page {
  status: number;
  location?: string;
  body: string;
}

export async function completeSignInInBrowser(authorizeUrl: string, opts: BrowserOptions): Promise<BrowserOutcome> {
  const ca = fs.readFileSync(opts.caPath);
  let page = await fetchPage(authorizeUrl, { ca });
  const consent = /<form method="post" action="([^"]+)">[\s\S]*?name="request_id" value="([^"]+)"/.exec(page.body);
  if (page.status === 200 && consent) {
    const selected = /<option value="([^"]+)" selected>/.exec(page.body)?.[1];
    const form = { request_id: unescape(consent[2]!), user: opts.userName ?? unescape(selected ?? ''), decision: opts.decision ?? 'accept' };
    page = await fetchPage(new URL(unescape(consent[1]!), authorizeUrl).toString(), { ca, form });
  }
  if (page.status === 302 && page.location) {
    const target = new URL(page.location);
    const delivered = await fetchPage(target.toString(), {});
    return { deliveredTo: `${target.origin}${target.pathname}`, fields: Object.fromEntries(target.searchParams), status: delivered.status };
  }
  const formPost = /<form method="post" action="([^"]+)" id="form_post">([\s\S]*?)<\/form>/.exec(page.body);
  if (page.status === 200 && formPost) {
    const fields: Record<string, string> = {};
    for (const m of formPost[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescape(m[1]!)] = unescape(m[2]!);
    const target = unescape(formPost[1]!);
    const delivered = await fetchPage(target, { form: fields });
    return { deliveredTo: target, fields, status: delivered.status };
  }
  const error = /id="error">([^<]*)</.exec(page.body)?.[1];
  throw new Error(`The sign-in page did not send the browser back to the app (HTTP ${page.status})${error ? `: ${unescape(error)}` : ''}`);
}

function fetchPage(url: string, opts: { ca?: Buffer; form?: Record<string, string> }): Promise<Page> {
  const u = new URL(url);
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const headers: Record<string, string> = body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {};
  // Like a browser, reach "localhost" on the IPv4 loopback without asking DNS
  // (loopback redirect servers such as MSAL's listen on 127.0.0.1 only).
  const hostname = u.hostname === 'localhost' ? '127.0.0.1' : u.hostname;
  const options = { method: body ? 'POST' : 'GET', hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { ...headers, host: u.host } };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
    };
    const req = u.protocol === 'https:' ? https.request({ ...options, ca: opts.ca, servername: u.hostname === '127.0.0.1' ? undefined : u.hostname }, onResponse) : http.request(options, onResponse);
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}
