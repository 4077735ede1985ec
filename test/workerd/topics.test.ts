import { topicsSuite } from "../protocol/topics.suite.js";
import { api } from "../support/workerd-api.js";

topicsSuite(api);
