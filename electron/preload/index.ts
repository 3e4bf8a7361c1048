import { contextBridge, ipcRenderer } from 'electron'
import { IPC_INVOKE, type AmifBridge } from './bridge'

const bridge: AmifBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
}

contextBridge.exposeInMainWorld('amif', bridge)
