// The cross-engine suite (suite.mjs) in WebKit: the engine of Safari on macOS and of every
// browser on iOS, as WebKitGTK's MiniBrowser under Xvfb.
import { engineSuite } from "./suite.mjs";

engineSuite("webkit");
