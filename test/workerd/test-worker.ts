// The worker under test in the workerd projects: the real entry, plus test-only objects.
export * from "../../workers/index.js";
export { default } from "../../workers/index.js";
export { WakeProbe } from "./wake-probe.js";
