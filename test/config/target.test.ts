import { describe, expect, it } from 'vitest';
import { parseTargetUrl, redactUrl } from '../../src/config/target.js';

describe('parseTargetUrl', () => {
  it.each([
    { name: 'http with port', input: 'http://localhost:3000', wanted: { url: 'http://localhost:3000', origin: 'http://localhost:3000', basePath: '/' } },
    { name: 'https with base path', input: 'https://crm.example.test/api', wanted: { url: 'https://crm.example.test/api', origin: 'https://crm.example.test', basePath: '/api' } },
    { name: 'query kept in base path', input: 'http://127.0.0.1:8080/health?deep=1', wanted: { url: 'http://127.0.0.1:8080/health?deep=1', origin: 'http://127.0.0.1:8080', basePath: '/health?deep=1' } },
    { name: 'IPv6 loopback', input: 'http://[::1]:8080/', wanted: { url: 'http://[::1]:8080/', origin: 'http://[::1]:8080', basePath: '/' } },
    { name: 'highest port', input: 'http://127.0.0.1:65535', wanted: { url: 'http://127.0.0.1:65535', origin: 'http://127.0.0.1:65535', basePath: '/' } },
    { name: 'surrounding spaces trimmed', input: '  http://127.0.0.1:3000  ', wanted: { url: 'http://127.0.0.1:3000', origin: 'http://127.0.0.1:3000', basePath: '/' } },
    { name: 'credentials stripped', input: 'http://user:secret@127.0.0.1:3000/crm', wanted: { url: 'http://127.0.0.1:3000/crm', origin: 'http://127.0.0.1:3000', basePath: '/crm' } },
  ])('$name: $input', ({ input, wanted }) => {
    expect(parseTargetUrl('--target', input)).toEqual(wanted);
  });

  it.each([
    { name: 'no scheme', input: 'localhost:3000', wanted: /expected an http:\/\/ or https:\/\/ URL/ },
    { name: 'ftp', input: 'ftp://x', wanted: /only http:\/\/ and https:\/\/ are supported, not ftp:/ },
    { name: 'unclosed IPv6 bracket', input: 'http://[::1', wanted: /not a valid URL/ },
    { name: 'port out of range', input: 'http://127.0.0.1:99999', wanted: /port 99999 is out of range 1–65535/ },
    { name: 'port zero', input: 'http://127.0.0.1:0', wanted: /port 0 is out of range/ },
    { name: 'empty', input: '', wanted: /the URL is empty/ },
    { name: 'blank', input: '   ', wanted: /the URL is empty/ },
    { name: 'CRLF', input: 'http://127.0.0.1/a\r\nHost: evil', wanted: /cannot contain spaces or line breaks/ },
    { name: 'no host', input: 'http://:80', wanted: /not a valid URL|no host/ },
  ])('$name ($input) is rejected naming the field', ({ input, wanted }) => {
    const result = parseTargetUrl('--target', input);
    expect(typeof result).toBe('string');
    expect(result).toMatch(/^--target/);
    expect(result).toMatch(wanted);
  });

  it('names the field it was given', () => {
    expect(parseTargetUrl('--url', 'ftp://x')).toMatch(/^--url /);
  });

  it('never echoes credentials in a problem message', () => {
    const result = parseTargetUrl('--target', 'ftp://admin:hunter2@127.0.0.1/x');
    expect(typeof result).toBe('string');
    expect(result).not.toContain('hunter2');
    expect(result).not.toContain('admin');
  });
});

describe('redactUrl', () => {
  it.each([
    { name: 'user and password', input: 'https://user:secret@host/p', wanted: 'https://host/p' },
    { name: 'user only', input: 'http://token@host:8080', wanted: 'http://host:8080' },
    { name: 'no credentials', input: 'http://host/p', wanted: 'http://host/p' },
    { name: 'an @ in the path is not a credential', input: 'http://host/users/a@b.test', wanted: 'http://host/users/a@b.test' },
    { name: 'an @ in the query is not a credential', input: 'http://host/p?email=a@b.test', wanted: 'http://host/p?email=a@b.test' },
  ])('$name', ({ input, wanted }) => {
    expect(redactUrl(input)).toBe(wanted);
  });
});
