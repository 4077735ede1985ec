import { webhooksSuite } from "../protocol/webhooks.suite.js";
import { api } from "../support/workerd-api.js";

webhooksSuite(api);
