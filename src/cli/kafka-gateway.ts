// `edgelog kafka-gateway`: serves Kafka's binary protocol on a TCP port and translates it to
// edgelog's HTTP API (src/kafka), until Ctrl-C (design/kafka-gateway.md).
import { startKafkaGateway } from "../kafka/server.js";
import { type Command, stringOption, UsageError } from "./command.js";

const DEFAULT_LISTEN = "127.0.0.1:9092";

/** `host:port` with a port 0..65535 (0: any free port). */
export function parseHostPort(text: string, option: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = match === null ? Number.NaN : Number(match[2]);
  if (match === null || port > 65_535) {
    throw new UsageError(`--${option} must be host:port, not "${text}"`);
  }
  return { host: (match[1] as string).replace(/^\[(.*)\]$/, "$1"), port };
}

export const kafkaGatewayCommand: Command = {
  summary: "serve the Kafka protocol (kcat, librdkafka, kafkajs) in front of edgelog",
  usage: `edgelog kafka-gateway [--listen HOST:PORT] [--advertise HOST:PORT]

Accepts Kafka clients and translates their requests to edgelog at --url. Runs until Ctrl-C.
  --listen HOST:PORT     where to accept Kafka clients (default ${DEFAULT_LISTEN}; port 0: any)
  --advertise HOST:PORT  the address Metadata gives clients (default: the listen address)
--token T (global) is used for clients that do not authenticate with SASL/PLAIN; clients that
do send their edgelog token as the SASL/PLAIN password (any username).`,
  options: {
    listen: { type: "string" },
    advertise: { type: "string" },
  },

  async run(context, _args, values) {
    const listen = parseHostPort(stringOption(values, "listen") ?? DEFAULT_LISTEN, "listen");
    const advertiseText = stringOption(values, "advertise");
    const advertised =
      advertiseText === undefined ? listen : parseHostPort(advertiseText, "advertise");
    const config = {
      url: context.url,
      token: context.token,
      advertisedHost: advertised.host,
      advertisedPort: advertised.port,
    };
    const gateway = await startKafkaGateway(config, listen, (line) => context.out.note(line));
    context.out.note(
      `kafka-gateway: Kafka protocol on ${listen.host}:${gateway.port}, advertised as ${config.advertisedHost}:${config.advertisedPort}, edgelog at ${context.url}`,
    );
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      else context.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await gateway.close();
  },
};
