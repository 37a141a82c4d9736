// The preload exposes exactly the typed API's one entry point and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from './hosts/ipc-channel';

contextBridge.exposeInMainWorld('fairline', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, input),
});
