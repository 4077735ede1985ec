import { trackSuite } from "../protocol/track.suite.js";
import { api } from "../support/workerd-api.js";

trackSuite(api);
