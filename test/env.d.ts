// Types for tests running inside workerd: the main module's exports and the bindings.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../workers/index");
  }
  interface Env extends import("../workers/env").Env {}
}
