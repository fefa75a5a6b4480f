// Defaults: the app router, and Next's own bundler for the package's wasm asset.
export default {};
