// One MqApi hub consumer, as a Node web client would write it: @microsoft/signalr over WebSockets,
// a bearer token from POST /api/tokens through accessTokenFactory, Subscribe with a prefetch, and one
// Ack(deliveryTag, false) per delivery, sent with `invoke` (the promise is not awaited in the handler,
// so deliveries keep flowing) or with `send` (no answer expected). Prints one JSON line.
//
// node hub-consumer.mjs --url http://127.0.0.1:PORT/ --token T --queue Q --prefetch 200
//      --protocol json|msgpack --ack invoke|send|auto --warmup S --duration S --expected N
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { WindowMeter, parseArgs, failIfIdle } from "./window-meter.mjs";

const args = parseArgs(process.argv.slice(2));
const ackMode = args.ack ?? "invoke";
let ackErrors = 0;
let acksPending = 0;

const builder = new signalR.HubConnectionBuilder()
  .withUrl(new URL("hubs/mq", args.url).toString(), {
    transport: signalR.HttpTransportType.WebSockets,
    accessTokenFactory: () => args.token,
  })
  .configureLogging(signalR.LogLevel.Warning);
if (args.protocol === "msgpack") builder.withHubProtocol(new MessagePackHubProtocol());
const connection = builder.build();

const meter = new WindowMeter({
  warmupSeconds: Number(args.warmup),
  durationSeconds: Number(args.duration),
  expected: Number(args.expected),
  onDone: async (result) => {
    // Let the acks already sent finish, so that errors among them are counted.
    for (let i = 0; i < 100 && acksPending > 0; i++) await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ ...result, errors: ackErrors, client: `@microsoft/signalr ${args.protocol ?? "json"}, ack ${ackMode}` }));
    await connection.stop();
    process.exit(0);
  },
});

connection.on("Deliver", (delivery) => {
  meter.count();
  if (ackMode === "auto") return;
  if (ackMode === "send") {
    connection.send("Ack", delivery.deliveryTag, false).catch(() => ackErrors++);
    return;
  }
  acksPending++;
  connection
    .invoke("Ack", delivery.deliveryTag, false)
    .catch(() => ackErrors++)
    .finally(() => acksPending--);
});
connection.on("Cancel", () => meter.finish(true));

await connection.start();
await connection.invoke("Subscribe", "/", args.queue, {
  prefetch: Number(args.prefetch),
  autoAck: ackMode === "auto",
  exclusive: false,
  consumerTag: "",
});
failIfIdle(meter, 30);
