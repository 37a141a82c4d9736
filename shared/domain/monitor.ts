// A team lead on an agent's call (docs/monitor.md): the three modes, and why a console refuses.
import { z } from 'zod';

/** listen: the lead hears both sides, heard by no one; whisper: heard by the agent only; barge: heard by both. */
export const MonitorMode = z.enum(['listen', 'whisper', 'barge']);
export type MonitorMode = z.infer<typeof MonitorMode>;
export const MONITOR_MODES = MonitorMode.options;

/** Why an agent's console refused a monitor request. */
export const MonitorRefusal = z.enum(['missing', 'invalid', 'expired', 'other_agent', 'other_call', 'replayed', 'mode_not_granted', 'no_key', 'no_call']);
export type MonitorRefusal = z.infer<typeof MonitorRefusal>;
