import { chaosSuite } from "../protocol/chaos.suite.js";
import { api } from "../support/workerd-api.js";

chaosSuite(api);
