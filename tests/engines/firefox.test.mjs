// The cross-engine suite (suite.mjs) in Firefox ESR, headless.
import { engineSuite } from "./suite.mjs";

engineSuite("firefox");
