// dispute-intake: the loader. Fetches, compiles and starts the wasm once (`preload()`, also done by the
// first mount), defines <dispute-intake>, and mounts the widget into an element's open shadow
// root. The element and mount() share one code path.

import init, { installLocale, installPhotos, mountWidget, warm } from "./dispute_intake.js";
import { CSS } from "./styles.js";

const TAG = "dispute-intake";
/** Callback option for each event name. */
const CALLBACKS = {
  ready: "onReady",
  stepchange: "onStepChange",
  submitted: "onSubmitted",
  error: "onError",
  exit: "onExit",
  sessionexpiring: "onSessionExpiring",
};
/** Attributes the element reads, and the option each sets. Tokens are never attributes. */
const ATTRIBUTES = {
  "api-base-url": "apiBaseUrl",
  locale: "locale",
  view: "view",
  "org-uuid": "orgUuid",
};

let compiling;
let loading;
let warming;
/** Languages beyond English, each imported (a module: what the page's script-src allows, and
 * what bundlers split out) the first time a widget needs it. */
const PACKS = { es: () => import("./locale-es.js") };
/** Language → its pack's installation, once per page. */
const packs = {};
const installed = new Set();
let sheet;

/**
 * Fetches and compiles the WebAssembly module, once per page (the bytes are the same for every
 * widget). `compileStreaming` compiles while the bytes arrive; a server that does not say
 * `application/wasm` gets the plain compile instead of a failure.
 */
async function compile() {
  // Bundlers (Vite, webpack, Next.js) emit the file and rewrite this address.
  const response = await fetch(new URL("./dispute_intake_bg.wasm", import.meta.url));
  if (!response.ok) {
    throw new Error(`fetching its WebAssembly module answered HTTP ${response.status}`);
  }
  const wasmType = (response.headers.get("Content-Type") ?? "").startsWith("application/wasm");
  if (wasmType && typeof WebAssembly.compileStreaming === "function") {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Fetches, compiles and starts the widget's WebAssembly ahead of need (on page idle, or when the
 * member hovers the link that opens the widget), with the rest of the filing (its own wasm
 * part), and prepares what every widget needs (the page language's date and money formats), so that a later
 * `mount()` or element starts at once. Idempotent: every call, `mount()` and element share the
 * one download and compilation. Carries no token and renders nothing. Resolves without doing
 * anything where there is no browser (server-side rendering).
 * @returns {Promise<void>}
 */
export function preload() {
  if (typeof window === "undefined" || typeof WebAssembly === "undefined") {
    return Promise.resolve();
  }
  warming ??= Promise.all([load(), pack({})])
    .then(() => warm())
    .catch((e) => {
      warming = undefined;
      throw e;
    });
  return warming;
}

/** The language a widget with `options` speaks, as the wasm picks it: the `locale` option,
 * else the page's `lang`, else the browser's. */
function language(options) {
  const tag = options.locale || document.documentElement.lang || navigator.language || "";
  return String(tag).trim().split(/[-_]/)[0].toLowerCase();
}

/**
 * Installs the pack of the language `options` need, once per page; `undefined` when none is
 * needed or it is in already. A pack that cannot come leaves the widget in English, with a
 * console warning (and is tried again by the next widget that needs it).
 */
function pack(options) {
  const lang = language(options);
  if (!PACKS[lang] || installed.has(lang)) return undefined;
  packs[lang] ??= Promise.all([load(), PACKS[lang]()])
    .then(([, module]) => {
      installLocale(module.default);
      installed.add(lang);
    })
    .catch((e) => {
      delete packs[lang];
      console.warn(`dispute-intake: could not load its "${lang}" texts, so it reads English: ${e}`);
    });
  return packs[lang];
}

/**
 * Starts the session exchange (`GET /v1/authenticate` with the options' provider JWT) at once,
 * beside the wasm's download, for the widget to take its answer instead of asking then. Only
 * for an API address the widget itself accepts (https, or http on loopback; no user, query or
 * fragment), so the token goes nowhere the widget would not send it; otherwise, and for a
 * session token or a token from `fetchProviderToken`, the widget asks as usual.
 */
function exchange(options, sessionId) {
  const { apiBaseUrl: base, providerToken: token, sessionToken, userUuid } = options;
  if (typeof token !== "string" || !token.trim() || sessionToken || typeof base !== "string") {
    return undefined;
  }
  const text = base.trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  const safe =
    /^[\x21-\x7e]+$/.test(text) &&
    (url.protocol === "https:" || (url.protocol === "http:" && loopback)) &&
    !url.username &&
    !url.password &&
    !/[?#@]/.test(text.slice(url.protocol.length + 2));
  if (!safe) return undefined;
  const headers = {
    Authorization: `Bearer ${token.trim()}`,
    Accept: "application/json",
    "X-Request-Id": `${sessionId}-0`,
  };
  if (typeof userUuid === "string" && userUuid.trim()) headers["x-user-uuid"] = userUuid.trim();
  const sent = fetch(`${text.replace(/\/+$/, "")}/v1/authenticate`, { headers, mode: "cors" });
  // Not answered: the widget asks again itself, so this failure is not the page's to see.
  sent.catch(() => {});
  return sent;
}

/**
 * A random id for one mounted widget: every event's `sessionId`, and the start of every API
 * request's `X-Request-Id` (`{sessionId}-{n}`), for a member's call to support to be matched
 * with the service's logs. Random, never derived from the member or a token.
 */
function newSessionId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context (https); getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fetches and compiles the module once per page. */
function compileOnce() {
  compiling ??= compile().catch((e) => {
    compiling = undefined;
    throw e;
  });
  return compiling;
}

/** Photos are made smaller before they are sent by `photo.js`, a module (as the language packs
 * are) imported when a widget shows its documents step: called with no arguments, the function
 * only imports it. */
function photos() {
  installPhotos((...args) => import("./photo.js").then((m) => (args.length ? m.reduce(...args) : null)));
}

/** Instantiates the compiled module once per page. */
function load() {
  loading ??= compileOnce()
    .then((module) => init({ module_or_path: module }))
    .then(photos)
    .catch((e) => {
      loading = undefined;
      const hint =
        e instanceof WebAssembly.CompileError || String(e).includes("wasm-unsafe-eval")
          ? " (does the page's Content-Security-Policy allow 'wasm-unsafe-eval'?)"
          : "";
      throw new Error(`dispute-intake: could not load its WebAssembly module${hint}: ${e}`);
    });
  return loading;
}

/**
 * Whether the engine adopts constructed stylesheets (Chrome 73, Firefox 101, Safari 16.4). Where
 * it does not, the styles go in a <style> element inside the shadow root instead: the same
 * look, but a page whose policy has no 'unsafe-inline' in style-src then refuses them.
 */
function adoptsSheets() {
  return (
    typeof ShadowRoot !== "undefined" &&
    "adoptedStyleSheets" in ShadowRoot.prototype &&
    typeof CSSStyleSheet !== "undefined" &&
    "replaceSync" in CSSStyleSheet.prototype
  );
}

function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** The options without functions: what the wasm side reads. */
function data(options) {
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== "function") out[key] = value;
  }
  return out;
}

/**
 * Renders the widget into `element`'s open shadow root.
 * @param {Element} element
 * @param {import("./index.js").DisputeIntakeOptions} options
 * @returns {Promise<import("./index.js").DisputeIntakeHandle>}
 */
export function mount(element, options = {}) {
  return mountAs(element, options, undefined);
}

/** `mount()`, with the element's own session id (its `load_failed` event carries it too). */
async function mountAs(element, options, givenId) {
  if (typeof Element === "undefined") {
    throw new Error("dispute-intake: mount() runs in a browser; on the server, render the element and mount after hydration");
  }
  if (!(element instanceof Element)) {
    throw new TypeError("dispute-intake: mount(element, options) needs a DOM element");
  }
  const sessionId = givenId ?? newSessionId();
  const early = exchange(options, sessionId);
  await Promise.all([load(), pack(options)]);
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const container = document.createElement("div");
  if (adoptsSheets()) {
    root.adoptedStyleSheets = [styles()];
    root.replaceChildren(container);
  } else {
    const style = document.createElement("style");
    style.textContent = CSS;
    root.replaceChildren(style, container);
  }

  let current = { ...options };
  const emit = (type, detail) => {
    detail.sessionId = sessionId;
    element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    for (const name of [CALLBACKS[type], "onEvent"]) {
      const callback = current[name];
      if (typeof callback !== "function") continue;
      try {
        callback(name === "onEvent" ? { type, detail } : detail);
      } catch (e) {
        console.error(`dispute-intake: the ${name} callback threw`, e);
      }
    }
  };
  const fetchProviderToken =
    typeof options.fetchProviderToken === "function"
      ? () => current.fetchProviderToken()
      : undefined;
  let widget = mountWidget(container, data(current), emit, fetchProviderToken, early, sessionId);

  return {
    sessionId,
    update(partial) {
      if (!widget) return;
      current = { ...current, ...partial };
      // Another language: its pack first (the widget keeps its current words meanwhile).
      const coming = pack(current);
      if (coming) coming.then(() => widget?.update(data(current)));
      else widget.update(data(current));
    },
    destroy(options) {
      if (!widget) return;
      widget.destroy(options?.signOut === true);
      widget.free();
      widget = undefined;
      container.remove();
    },
  };
}

/** Options set through attributes, merged under the `options` property. */
function attributeOptions(element) {
  const out = {};
  for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
    const value = element.getAttribute(attribute);
    if (value !== null) out[option] = value;
  }
  return out;
}

function defineElementClass() {
  return class DisputeIntakeElement extends HTMLElement {
    static observedAttributes = Object.keys(ATTRIBUTES);
    #options = {};
    /** `options` has been set: tokens can only come that way, so the widget waits for it. */
    #configured = false;
    #handle;
    #mounting;
    /** This element's random id: every event's `sessionId`, `load_failed`'s too. */
    #sessionId = newSessionId();
    #teardown;
    #hint;

    constructor() {
      super();
      // `options` set on the element before it was defined is an own property hiding the
      // accessor: take it over so nothing set early is lost.
      if (Object.prototype.hasOwnProperty.call(this, "options")) {
        const early = this.options;
        delete this.options;
        this.options = early;
      }
    }

    get options() {
      return { ...this.#options };
    }

    /** The random id in every event of this element and on its API requests. */
    get sessionId() {
      return this.#sessionId;
    }

    set options(value) {
      this.#options = { ...(value ?? {}) };
      this.#configured = true;
      this.#start();
      this.#apply();
    }

    attributeChangedCallback() {
      this.#apply();
    }

    connectedCallback() {
      clearTimeout(this.#teardown);
      this.#start();
    }

    disconnectedCallback() {
      clearTimeout(this.#hint);
      this.#hint = undefined;
      // Moving the element fires disconnect then connect: wait a moment before tearing down.
      this.#teardown = setTimeout(() => {
        if (this.isConnected) return;
        this.#handle?.destroy();
        this.#handle = undefined;
      }, 1000);
    }

    /** Mounts once connected and given its options (the page usually fetches them first). */
    #start() {
      if (!this.isConnected || this.#handle || this.#mounting) return;
      if (!this.#configured) {
        this.#hint ??= setTimeout(() => {
          console.warn("dispute-intake: still waiting for its `options` property (tokens and the organisation are set there)");
        }, 10_000);
        return;
      }
      clearTimeout(this.#hint);
      this.#hint = undefined;
      this.#mounting = mountAs(this, this.#merged(), this.#sessionId)
        .then((handle) => {
          this.#handle = handle;
          // Options set while the wasm was loading.
          handle.update(this.#merged());
          // Removed while it was loading: torn down like any removed element.
          if (!this.isConnected) this.disconnectedCallback();
        })
        .catch((e) => {
          console.error(e);
          this.dispatchEvent(
            new CustomEvent("error", {
              detail: {
                code: "load_failed",
                message: String(e.message ?? e),
                recoverable: false,
                sessionId: this.#sessionId,
              },
              bubbles: true,
              composed: true,
            }),
          );
        })
        .finally(() => {
          this.#mounting = undefined;
        });
    }

    #merged() {
      return { ...attributeOptions(this), ...this.#options };
    }

    #apply() {
      this.#handle?.update(this.#merged());
    }
  };
}

/**
 * Loads the wasm and registers <dispute-intake> (or `tagName`). Idempotent: calling it twice,
 * or from two copies of the package, never throws. Resolves to `undefined` without doing
 * anything where there is no browser (server-side rendering).
 */
export async function defineDisputeIntake(tagName = TAG) {
  // Server-side rendering (Next.js, Remix, Astro): nothing to define there.
  if (typeof customElements === "undefined") return undefined;
  await preload();
  if (!customElements.get(tagName)) {
    customElements.define(tagName, defineElementClass());
  }
  return customElements.get(tagName);
}
