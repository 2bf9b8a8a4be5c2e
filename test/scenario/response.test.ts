import { describe, expect, it } from 'vitest';
import { Exchange } from '../../src/http/exchange.js';
import { IterationAbort, ScenarioResponse } from '../../src/scenario/response.js';

function answered(body: string): Exchange {
  const exchange = new Exchange();
  exchange.prepare('GET', '/x', 0);
  exchange.keepBody = true;
  exchange.onHeaders(200, [Buffer.from('Content-Type'), Buffer.from('application/json')], () => {});
  exchange.onData(Buffer.from(body.slice(0, 3)));
  exchange.onData(Buffer.from(body.slice(3)));
  exchange.onComplete();
  return exchange;
}

describe('ScenarioResponse: text and JSON worked out once', () => {
  it('json() parses once and returns the same value every time; text() likewise', () => {
    const marked: number[] = [];
    const response = new ScenarioResponse(answered('{"id":42,"tags":["a"]}'), 'get x', 1, { markCapture: (n) => marked.push(n) });
    const first = response.json<{ id: number }>();
    expect(first).toEqual({ id: 42, tags: ['a'] });
    expect(response.json()).toBe(first);
    expect(response.text()).toBe('{"id":42,"tags":["a"]}');
    expect(response.text()).toBe(response.text());
    expect(marked).toEqual([]);
  });

  it('a body that is not JSON is a capture failure, each time it is asked for', () => {
    const marked: number[] = [];
    const response = new ScenarioResponse(answered('<html>oops</html>'), 'get x', 7, { markCapture: (n) => marked.push(n) });
    expect(() => response.json()).toThrow(IterationAbort);
    expect(() => response.json()).toThrow(/get x: body is not JSON \(starts with "<html>oops<\/html>"\)/);
    expect(marked).toEqual([7, 7]);
  });

  it('JSON null is a value like any other (parsed once too)', () => {
    const response = new ScenarioResponse(answered('null   '), 'get x', 1, { markCapture: () => {} });
    expect(response.json()).toBeNull();
    expect(response.json()).toBeNull();
  });
});

describe('ScenarioResponse: timings', () => {
  it('a request that waited for its connection to open shows it as connecting (the rest as blocked, waiting, receiving)', () => {
    const exchange = answered('{}');
    Object.assign(exchange, { sentAt: 10, connectedAt: 12, writtenAt: 13, headersAt: 20, endedAt: 25 });
    const response = new ScenarioResponse(exchange, 'get x', 1, { markCapture: () => {} });
    expect(response.timings).toEqual({ blocked: 1, connecting: 2, waiting: 7, receiving: 5, total: 15 });
  });

  it('a connection opened before the request (a kept-alive one, or opened before the clock started) is not connecting', () => {
    const exchange = answered('{}');
    Object.assign(exchange, { sentAt: 10, connectedAt: 2, writtenAt: 10.5, headersAt: 20, endedAt: 25 });
    expect(new ScenarioResponse(exchange, 'get x', 1, { markCapture: () => {} }).timings).toMatchObject({ connecting: 0, blocked: 0.5 });
  });
});
