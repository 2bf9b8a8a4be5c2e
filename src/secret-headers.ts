/** Header names whose values are secrets: redacted in every output, not carried across origins. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'x-api-key', 'proxy-authorization']);
