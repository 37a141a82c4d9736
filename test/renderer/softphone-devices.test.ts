// The softphone's audio devices with an injected device list: the chosen device by id, by
// label when the browser gave it another id, and the system default with a notice when it is
// unplugged (at start or mid-call, the devicechange event).
import { describe, expect, it } from 'vitest';
import { type Device, DeviceRouter, type MediaDevicesLike, resolveAll, resolveDevice, type Routing } from '../../renderer/softphone/devices';

const headsetMic: Device = { id: 'mic-usb', label: 'USB Headset Microphone', kind: 'audioinput' };
const headset: Device = { id: 'out-usb', label: 'USB Headset', kind: 'audiooutput' };
const speakers: Device = { id: 'out-spk', label: 'Speakers', kind: 'audiooutput' };
const builtIn: Device = { id: 'mic-int', label: 'Built-in Microphone', kind: 'audioinput' };
const defaults: Device[] = [{ id: 'default', label: 'Default', kind: 'audioinput' }, { id: 'default', label: 'Default', kind: 'audiooutput' }];

/** A mediaDevices whose list the test changes, firing devicechange like a browser. */
class FakeMedia implements MediaDevicesLike {
  private listeners = new Set<() => void>();
  constructor(public devices: Device[]) {}
  async enumerateDevices() {
    return this.devices.map((d) => ({ deviceId: d.id, label: d.label, kind: d.kind, groupId: '' }));
  }
  addEventListener(_type: 'devicechange', listener: () => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'devicechange', listener: () => void) {
    this.listeners.delete(listener);
  }
  change(devices: Device[]) {
    this.devices = devices;
    for (const l of this.listeners) l();
  }
  get listening() {
    return this.listeners.size;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('resolveDevice', () => {
  const all = [...defaults, headsetMic, builtIn, headset, speakers];

  it('uses the system default when nothing is chosen', () => {
    expect(resolveDevice('output', null, all)).toEqual({ id: '', missing: false, chosen: null });
  });

  it('finds the chosen device by id, else by label (ids are salted per origin)', () => {
    expect(resolveDevice('output', { id: 'out-usb', label: 'USB Headset' }, all).id).toBe('out-usb');
    expect(resolveDevice('output', { id: 'old-id', label: 'USB Headset' }, all)).toMatchObject({ id: 'out-usb', missing: false });
    expect(resolveDevice('input', { id: 'old-id', label: 'USB Headset Microphone' }, all)).toMatchObject({ id: 'mic-usb', missing: false });
  });

  it('never takes a device of the other kind', () => {
    expect(resolveDevice('input', { id: 'out-usb', label: 'USB Headset' }, all)).toMatchObject({ id: '', missing: true });
  });

  it('falls back to the default when the chosen device is not there', () => {
    expect(resolveDevice('ringing', { id: 'out-usb', label: 'USB Headset' }, [...defaults, speakers])).toEqual({ id: '', missing: true, chosen: { id: 'out-usb', label: 'USB Headset' } });
  });

  it('claims nothing is missing while the browser hides devices (no microphone permission yet)', () => {
    const hidden: Device[] = [{ id: '', label: '', kind: 'audioinput' }, { id: '', label: '', kind: 'audiooutput' }];
    expect(resolveDevice('output', { id: 'out-usb', label: 'USB Headset' }, hidden)).toMatchObject({ id: 'out-usb', missing: false });
  });

  it('resolves the three roles on their own', () => {
    const routing = resolveAll({ input: { id: 'mic-usb', label: '' }, output: { id: 'out-usb', label: '' }, ringing: { id: 'out-spk', label: 'Speakers' } }, all);
    expect([routing.input.id, routing.output.id, routing.ringing.id]).toEqual(['mic-usb', 'out-usb', 'out-spk']);
  });
});

describe('DeviceRouter', () => {
  const prefs = { input: { id: 'mic-usb', label: headsetMic.label }, output: { id: 'out-usb', label: headset.label }, ringing: { id: 'out-spk', label: speakers.label } };

  async function started(devices: Device[]) {
    const media = new FakeMedia(devices);
    const routes: { routing: Routing; missing: string[] }[] = [];
    const router = new DeviceRouter(media, (routing, missing) => routes.push({ routing, missing }));
    await router.start(prefs);
    return { media, routes, router };
  }

  it('routes to the chosen devices at start, with nothing to say', async () => {
    const { routes } = await started([...defaults, headsetMic, builtIn, headset, speakers]);
    expect(routes).toHaveLength(1);
    expect(routes[0]!.missing).toEqual([]);
    expect(routes[0]!.routing.output.id).toBe('out-usb');
  });

  it('the headset unplugged mid-call: microphone and call audio fall back to the default, once, and come back when plugged in', async () => {
    const { media, routes, router } = await started([...defaults, headsetMic, builtIn, headset, speakers]);
    media.change([...defaults, builtIn, speakers]);
    await flush();
    expect(routes.at(-1)!.missing).toEqual(['input', 'output']);
    expect(routes.at(-1)!.routing).toMatchObject({ input: { id: '', missing: true }, output: { id: '', missing: true }, ringing: { id: 'out-spk', missing: false } });
    // Another device change while it is still gone: no second notice.
    media.change([...defaults, builtIn, speakers, { id: 'bt', label: 'Bluetooth', kind: 'audiooutput' }]);
    await flush();
    expect(routes.slice(1).filter((r) => r.missing.length > 0)).toHaveLength(1);
    // Plugged in again (under a new id, as after a browser restart): used again, by its label.
    media.change([...defaults, { ...headsetMic, id: 'mic-usb-2' }, builtIn, { ...headset, id: 'out-usb-2' }, speakers]);
    await flush();
    expect(routes.at(-1)!.routing).toMatchObject({ input: { id: 'mic-usb-2', missing: false }, output: { id: 'out-usb-2', missing: false } });
    expect(router.current()!.output.id).toBe('out-usb-2');
  });

  it('says so at start when a chosen device is not plugged in', async () => {
    const { routes } = await started([...defaults, builtIn, speakers]);
    expect(routes[0]!.missing).toEqual(['input', 'output']);
  });

  it('a new choice in Settings is routed at once, and stop() stops listening', async () => {
    const { media, routes, router } = await started([...defaults, headsetMic, builtIn, headset, speakers]);
    await router.setPrefs({ ...prefs, output: { id: 'out-spk', label: 'Speakers' } });
    expect(routes.at(-1)!.routing.output.id).toBe('out-spk');
    router.stop();
    expect(media.listening).toBe(0);
  });
});
