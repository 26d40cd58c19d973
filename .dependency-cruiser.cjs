/**
 * The import rules of the house, checked by `npm run lint` (and so by `npm test`).
 * Folders say which thread their code runs on (docs/architecture.md); these rules keep it so.
 * Folder-level cycles are checked by scripts/folder-cycles.ts over this same cruise.
 */
const MAIN = "^src/(round|daemon|server|store|consensus|balance|metrics|cli|config)/";
const WORKER = "^(src/worker/|workers/poll\\.ts$)";

module.exports = {
  forbidden: [
    { name: "no-cycle", severity: "error", comment: "no file imports one that imports it back", from: {}, to: { circular: true } },
    {
      name: "model-imports-nothing",
      severity: "error",
      comment: "src/model holds the domain types and codes every part shares: it imports nothing of ours",
      from: { path: "^src/model/" },
      to: { path: "^(src|workers|bench|test|scripts)/", pathNot: "^src/model/" },
    },
    {
      name: "worker-not-main",
      severity: "error",
      comment: "poll-worker code never imports main-thread code",
      from: { path: WORKER },
      to: { path: MAIN },
    },
    {
      name: "main-not-worker",
      severity: "error",
      comment: "main-thread code never imports poll-worker code (it runs in the pool, not here)",
      from: { path: MAIN },
      to: { path: "^src/worker/" },
    },
    {
      name: "shm-is-protocol-only",
      severity: "error",
      comment: "the shared-memory protocols depend only on the domain model",
      from: { path: "^src/shm/" },
      to: { path: "^(src|workers)/", pathNot: "^src/(shm|model)/" },
    },
    {
      name: "src-not-tests-or-bench",
      severity: "error",
      comment: "the product never imports its tests, its bench or its scripts",
      from: { path: "^(src|workers)/" },
      to: { path: "^(test|bench|scripts)/" },
    },
    {
      name: "no-unlisted-packages",
      severity: "error",
      comment: "every package imported is in package.json",
      from: {},
      to: { dependencyTypes: ["unknown", "undetermined", "npm-no-pkg", "npm-unknown"] },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    // test/interop/lodestar/ has a node_modules of its own (a pinned Lodestar the tests install).
    exclude: { path: "(^dist/|(^|/)node_modules/)" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], mainFields: ["module", "main"] },
  },
};
