// One content security policy for both hosts: only the app's own scripts and styles, no
// remote content; 'wasm-unsafe-eval' lets the app compile its own WebAssembly (the VAD model's
// runtime, renderer/softphone/amd) and allows no eval of script. connect-src allows the browser shell's socket on loopback and the SIP
// server the agent configures (ws/wss).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
