import { produceSuite } from "../protocol/produce.suite.js";
import { api } from "../support/workerd-api.js";

produceSuite(api);
