// One RabbitMQ Web-STOMP consumer: @stomp/stompjs over the `ws` package (Node has no WebSocket
// global before 22), SUBSCRIBE to /amq/queue/Q (an existing queue) with `ack` client-individual and a
// prefetch-count header, and message.ack() per message; or `ack` auto. Prints one JSON line.
//
// node stomp-consumer.mjs --url ws://127.0.0.1:15674/ws --user guest --password guest --queue Q
//      --prefetch 200 --ack client-individual|auto --warmup S --duration S --expected N
import { Client } from "@stomp/stompjs";
import WebSocket from "ws";
import { WindowMeter, parseArgs, failIfIdle } from "./window-meter.mjs";

const args = parseArgs(process.argv.slice(2));
const ackMode = args.ack ?? "client-individual";

const client = new Client({
  webSocketFactory: () => new WebSocket(args.url, ["v12.stomp", "v11.stomp", "v10.stomp"]),
  connectHeaders: { login: args.user ?? "guest", passcode: args.password ?? "guest", host: "/" },
  reconnectDelay: 0,
  heartbeatIncoming: 0,
  heartbeatOutgoing: 0,
  onStompError: (frame) => {
    console.error(`STOMP error: ${frame.headers.message} ${frame.body}`);
    process.exit(3);
  },
  onWebSocketError: () => {
    console.error("WebSocket error");
    process.exit(3);
  },
});

const meter = new WindowMeter({
  warmupSeconds: Number(args.warmup),
  durationSeconds: Number(args.duration),
  expected: Number(args.expected),
  onDone: async (result) => {
    console.log(JSON.stringify({ ...result, errors: 0, client: `@stomp/stompjs, ack ${ackMode}` }));
    await client.deactivate();
    process.exit(0);
  },
});

client.onConnect = () => {
  client.subscribe(
    `/amq/queue/${args.queue}`,
    (message) => {
      meter.count();
      if (ackMode === "client-individual") message.ack();
    },
    { ack: ackMode, "prefetch-count": String(args.prefetch) },
  );
  failIfIdle(meter, 30);
};
client.activate();
