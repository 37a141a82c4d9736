// The VAD model and its runtime, from the console's own bundle: Vite emits the model, the
// onnxruntime WebAssembly and vad-web's audio worklet as files of the app, served by either
// host from disk or 127.0.0.1. Nothing is fetched from anywhere else. The worklet is small
// enough that Vite would inline it as a data: URL, which the CSP refuses: ?url&no-inline keeps it a file.
// Every project that reaches this file (the tests' too) needs the `?url` declarations.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./bundled.d.ts" />
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import modelUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import workletUrl from '@ricky0123/vad-web/dist/vad.worklet.bundle.min.js?url&no-inline';
import { type LoadedModel, loadSilero } from './silero';

export { workletUrl };

let loading: Promise<LoadedModel> | null = null;

/** The model, loaded once (the first call after the phone registers waits for it at most). A
 *  failure is remembered for this session only as a rejected promise: the next call tries again. */
export function vadModel(): Promise<LoadedModel> {
  if (!loading) {
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, document.baseURI).href };
    const attempt = loadSilero(ort, async () => {
      const response = await fetch(modelUrl);
      if (!response.ok) throw new Error(`the model file answered ${response.status}`);
      return response.arrayBuffer();
    });
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = null;
    });
  }
  return loading;
}
