// Which audio devices the softphone uses: the microphone, the speaker or headset for calls,
// and the device that rings. The agent's choice is kept by id and label: a browser salts
// device ids per origin and profile, so a headset may come back under another id, and is
// then found by its label. A chosen device that is not there (unplugged, even mid-call)
// gives way to the system default, and the console says so once.
import type { AudioDeviceChoice, PhonePrefs } from '../../shared/api/contract';

export type DeviceRole = 'input' | 'output' | 'ringing';
export const DEVICE_ROLES: readonly DeviceRole[] = ['input', 'output', 'ringing'];

export interface Device {
  id: string;
  label: string;
  kind: 'audioinput' | 'audiooutput';
}

const KIND: Record<DeviceRole, Device['kind']> = { input: 'audioinput', output: 'audiooutput', ringing: 'audiooutput' };

export interface Resolved {
  /** The device id to use: '' is the system default. */
  id: string;
  /** The chosen device is not among the devices present (the default is used instead). */
  missing: boolean;
  /** What the agent chose, to name it in a notice. */
  chosen: AudioDeviceChoice;
}

export type Routing = Record<DeviceRole, Resolved>;

/** The list of one kind, without the browser's own "default" and "communications" aliases. */
export function devicesFor(role: DeviceRole, devices: readonly Device[]): Device[] {
  return devices.filter((d) => d.kind === KIND[role] && d.id !== 'default' && d.id !== 'communications');
}

export function resolveDevice(role: DeviceRole, choice: AudioDeviceChoice, devices: readonly Device[]): Resolved {
  if (!choice) return { id: '', missing: false, chosen: null };
  const all = devices.filter((d) => d.kind === KIND[role]);
  // Before the page may use the microphone a browser lists devices without ids or labels:
  // nothing can be said to be missing then, so the chosen id is tried as it is.
  if (all.length > 0 && all.every((d) => d.id === '' && d.label === '')) return { id: choice.id, missing: false, chosen: choice };
  const byId = all.find((d) => d.id === choice.id);
  if (byId) return { id: byId.id, missing: false, chosen: choice };
  const byLabel = choice.label ? all.find((d) => d.label === choice.label) : undefined;
  if (byLabel) return { id: byLabel.id, missing: false, chosen: choice };
  return { id: '', missing: true, chosen: choice };
}

export function resolveAll(prefs: Pick<PhonePrefs, DeviceRole>, devices: readonly Device[]): Routing {
  return {
    input: resolveDevice('input', prefs.input, devices),
    output: resolveDevice('output', prefs.output, devices),
    ringing: resolveDevice('ringing', prefs.ringing, devices),
  };
}

/** The roles whose chosen device went missing since `before` (all missing ones at the start). */
export function newlyMissing(before: Routing | null, after: Routing): DeviceRole[] {
  return DEVICE_ROLES.filter((role) => after[role].missing && !(before?.[role].missing ?? false));
}

export interface MediaDevicesLike {
  enumerateDevices(): Promise<{ deviceId: string; label: string; kind: string }[]>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

export async function listDevices(media: MediaDevicesLike): Promise<Device[]> {
  const all = await media.enumerateDevices();
  return all.filter((d): d is typeof d & { kind: Device['kind'] } => d.kind === 'audioinput' || d.kind === 'audiooutput')
    .map((d) => ({ id: d.deviceId, label: d.label, kind: d.kind }));
}

/**
 * Keeps the routing current: on start, when the preferences change, when devices come and go
 * (the devicechange event) and when asked (after the microphone permission, labels appear).
 * `onRoute` hears every new routing with the roles whose device just went missing.
 */
export class DeviceRouter {
  private prefs: Pick<PhonePrefs, DeviceRole> = { input: null, output: null, ringing: null };
  private routing: Routing | null = null;
  private stopped = false;
  private readonly onChange = () => void this.refresh();

  constructor(private readonly media: MediaDevicesLike, private readonly onRoute: (routing: Routing, missing: DeviceRole[]) => void) {}

  start(prefs: Pick<PhonePrefs, DeviceRole>): Promise<void> {
    this.prefs = prefs;
    this.media.addEventListener('devicechange', this.onChange);
    return this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.media.removeEventListener('devicechange', this.onChange);
  }

  setPrefs(prefs: Pick<PhonePrefs, DeviceRole>): Promise<void> {
    this.prefs = prefs;
    this.routing = null; // a new choice: say again if it is not there
    return this.refresh();
  }

  current(): Routing | null {
    return this.routing;
  }

  async refresh(): Promise<void> {
    const devices = await listDevices(this.media).catch(() => []);
    if (this.stopped) return;
    const next = resolveAll(this.prefs, devices);
    const missing = newlyMissing(this.routing, next);
    const changed = JSON.stringify(next) !== JSON.stringify(this.routing);
    this.routing = next;
    if (changed || missing.length > 0) this.onRoute(next, missing);
  }
}
