// comlink ships node-adapter.d.ts but no .d.mts beside the .mjs that ESM imports resolve to.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
