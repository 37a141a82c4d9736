// Texts and emails: templates, their rendering, the opt-out notice and replies, the gate's message
// rules and the HTTP protocol (docs/messaging.md). Pure: no I/O, the clock is an argument.
export * from './templates';
export * from './opt-out';
export * from './render';
export * from './gate';
export * from './protocol';
