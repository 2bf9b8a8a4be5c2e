const mod = new WebAssembly.Module(require('undici/lib/llhttp/' + (process.env.NOSIMD ? 'llhttp-wasm.js' : 'llhttp_simd-wasm.js')));
const noop = () => 0;
const inst = new WebAssembly.Instance(mod, { env: { wasm_on_url: noop, wasm_on_status: noop, wasm_on_message_begin: noop, wasm_on_header_field: noop, wasm_on_header_value: noop, wasm_on_headers_complete: noop, wasm_on_body: noop, wasm_on_message_complete: noop } });
const e = inst.exports;
const p = e.llhttp_alloc(2 /* RESPONSE */);
const msg = Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sat, 29 Nov 2026 13:40:00 GMT\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: keep-alive\r\n\r\n{"id":42,"ok":true}');
const ptr = e.malloc(msg.length);
new Uint8Array(e.memory.buffer, ptr, msg.length).set(msg);
function run(n) { for (let i = 0; i < n; i++) { const r = e.llhttp_execute(p, ptr, msg.length); if (r !== 0) throw new Error('err ' + r); } }
run(1000);
const t = process.cpuUsage(); run(1e6); const ns = (process.cpuUsage(t).user) * 1000 / 1e6;
const hwm = require('fs').readFileSync('/proc/self/status','utf8').match(/VmHWM:\s+(\d+)/)[1];
console.log(process.execArgv.join(' ') || 'default', ns.toFixed(3), 'µs per response (ns/1000…)', 'HWM', (hwm/1024).toFixed(1));
