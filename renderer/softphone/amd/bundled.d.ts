// Vite's `?url` (and `?url&no-inline`) imports of files inside packages: TypeScript resolves the package first and
// misses vite/client's `*?url` pattern, so each is declared here.
declare module 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url' {
  const url: string;
  export default url;
}
declare module '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url' {
  const url: string;
  export default url;
}
declare module '@ricky0123/vad-web/dist/vad.worklet.bundle.min.js?url&no-inline' {
  const url: string;
  export default url;
}
