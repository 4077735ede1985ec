// Types for tests running inside workerd: the main module's exports (`exports.default`).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../workers/index");
  }
}
