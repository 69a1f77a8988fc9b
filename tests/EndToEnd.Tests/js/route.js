'use strict';
// Asks a NameServer for a topic's route with the ali-ons client (pure JavaScript, independent of our code).
// Usage: node route.js <host:port> <topic>...   Prints one JSON line per topic: {"topic":..,"route":..} or {"topic":..,"error":..,"code":..}
const MQClientAPI = require('ali-ons/lib/mq_client_api');
// Only used to look NameServer addresses up over HTTP, which a fixed nameSrv never does.
const httpclient = { request: async () => { throw new Error('no address server in tests'); } };

async function main() {
  const [addr, ...topics] = process.argv.slice(2);
  const api = new MQClientAPI({ nameSrv: addr, httpclient, responseTimeout: 3000 });
  await api.ready();
  for (const topic of topics) {
    try {
      const route = await api.getTopicRouteInfoFromNameServer(topic, 3000);
      console.log(JSON.stringify({ topic, route }));
    } catch (err) {
      console.log(JSON.stringify({ topic, error: err.message, code: err.code === undefined ? null : err.code, name: err.name }));
    }
  }
  await api.close();
}

main().then(() => process.exit(0), err => { console.error(err && err.stack || err); process.exit(1); });
