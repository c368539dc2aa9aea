// Single-file components as the Node-side typecheck sees them (tsconfig.json has no Vue compiler; vue-tsc checks them in tsconfig.renderer.json).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>, Record<string, unknown>, unknown>;
  export default component;
}
