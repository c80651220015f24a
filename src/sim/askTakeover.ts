// npm run sim:ask -- ws://127.0.0.1:9090 [reason]: makes a simulated robot ask for a takeover now (it calls the
// robot's /robot/request_takeover std_srvs/Trigger over rosbridge; a real ROS shell: rosservice call ...).
import WebSocket from 'ws';

const url = process.argv[2] ?? 'ws://127.0.0.1:9090';
const ws = new WebSocket(url);
const timer = setTimeout(() => {
  console.error(`no answer from ${url}`);
  process.exit(1);
}, 5000);
ws.on('open', () => ws.send(JSON.stringify({ op: 'call_service', id: 'ask-1', service: '/robot/request_takeover', args: {} })));
ws.on('message', (data: Buffer) => {
  const m = JSON.parse(data.toString()) as { op?: string; id?: string; result?: boolean; values?: unknown };
  if (m.op !== 'service_response' || m.id !== 'ask-1') return;
  clearTimeout(timer);
  console.log(m.result ? `asked: request ${JSON.stringify(m.values)}` : `failed: ${JSON.stringify(m.values)}`);
  ws.close();
  process.exit(m.result ? 0 : 1);
});
ws.on('error', (e) => {
  console.error(`${url}: ${e.message}`);
  process.exit(1);
});
