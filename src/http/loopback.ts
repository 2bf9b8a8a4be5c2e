/**
 * A minimal HTTP/1.1 server inside the generator's own process, on 127.0.0.1: it answers every
 * request head with one fixed keep-alive response. Only crmload's self warm-up talks to it (never
 * the target), so undici's parser and our request path run hot before the measured clock starts.
 */
import { createServer, type Socket } from 'node:net';

export interface Loopback {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Request heads answered so far. */
  readonly answered: number;
  close(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Start the server on an ephemeral port; every response carries `body` as JSON. */
export function startLoopback(body: string): Promise<Loopback> {
  const response = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`,
  );
  const sockets = new Set<Socket>();
  let answered = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    // Heads are counted by their blank line; the warm-up's own bodies never hold one.
    let tail: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let heads = 0;
      let consumed = 0;
      for (let at = data.indexOf(HEAD_END); at !== -1; at = data.indexOf(HEAD_END, consumed)) {
        heads++;
        consumed = at + HEAD_END.length;
      }
      tail = data.subarray(Math.max(consumed, data.length - 3));
      answered += heads;
      for (let i = 0; i < heads; i++) socket.write(response);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        get answered() {
          return answered;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
