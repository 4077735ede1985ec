import { producersSuite } from "../protocol/producers.suite.js";
import { api } from "../support/workerd-api.js";

producersSuite(api);
