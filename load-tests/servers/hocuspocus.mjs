// Hocuspocus with no extensions (in-memory documents, no auth hook): the comparison server.
import { Server } from "@hocuspocus/server";

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: "127.0.0.1",
  quiet: true,
});
await server.listen();
