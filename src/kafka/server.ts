// The Kafka protocol gateway's TCP server: accepts up to KAFKA_CONNECTIONS_MAX clients, each a
// KafkaConnection; one client's bad bytes close that client only.
import { createServer, type Server } from "node:net";
import { KAFKA_CONNECTIONS_MAX } from "../protocol/limits.js";
import { type ConnectionLog, KafkaConnection } from "./connection.js";
import type { GatewayConfig } from "./gateway-config.js";
import { TopicIds } from "./topic-ids.js";

export interface KafkaGateway {
  server: Server;
  /** Where it listens (the port once bound, for `--listen host:0`). */
  port: number;
  close(): Promise<void>;
}

export async function startKafkaGateway(
  config: GatewayConfig,
  listen: { host: string; port: number },
  log: ConnectionLog,
): Promise<KafkaGateway> {
  const topicIds = new TopicIds();
  const connections = new Set<KafkaConnection>();
  const server = createServer({ noDelay: true }, (socket) => {
    if (connections.size >= KAFKA_CONNECTIONS_MAX) {
      log(`kafka-gateway: refusing a connection: ${KAFKA_CONNECTIONS_MAX} open (the limit)`);
      socket.destroy();
      return;
    }
    const connection = new KafkaConnection(socket, config, topicIds, log);
    connections.add(connection);
    socket.on("close", () => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : listen.port;
  // `--listen host:0` without `--advertise`: clients must be told the port actually bound.
  if (config.advertisedPort === 0) config.advertisedPort = port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.close();
        server.close(() => resolve());
      }),
  };
}
