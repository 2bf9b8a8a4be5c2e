/** Target URLs: validated before anything is sent, credentials stripped for display. Pure. */
import type { PlanTarget } from './plan.js';

/** Parse a base URL for `--target` or `--url`; returns the target or a problem message. */
export function parseTargetUrl(field: string, input: string): PlanTarget | string {
  const text = input.trim();
  const show = JSON.stringify(redactUrl(text));
  if (!text) return `${field}: the URL is empty`;
  if (/[\r\n\t ]/.test(text)) return `${field} ${show}: a URL cannot contain spaces or line breaks`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return `${field} ${show}: expected an http:// or https:// URL, like http://localhost:3000`;
  const portMatch = /^[a-z]+:\/\/(?:[^/@?#]*@)?(?:\[[^\]]*\]|[^/:?#]*):(\d+)(?:[/?#]|$)/i.exec(text);
  if (portMatch && (Number(portMatch[1]) < 1 || Number(portMatch[1]) > 65535)) {
    return `${field} ${show}: port ${portMatch[1]} is out of range 1–65535`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${field} ${show}: not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${field} ${show}: only http:// and https:// are supported, not ${url.protocol}//`;
  if (!url.hostname) return `${field} ${show}: the URL has no host`;
  const port = url.port ? Number(url.port) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return `${field} ${show}: port ${url.port} is out of range 1–65535`;
  return { url: redactUrl(text), origin: url.origin, basePath: url.pathname + url.search };
}

/** The URL without user:password (never shown, never reported). */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
}
