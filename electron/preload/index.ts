import { contextBridge, ipcRenderer } from 'electron'
import { IPC_INVOKE, IPC_MENU, type AmifBridge, type MenuCommand } from './bridge'

const bridge: AmifBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  onMenuCommand: (listener) => {
    // Only the command crosses, never the IPC event (it would hand the page main's sender).
    ipcRenderer.on(IPC_MENU, (_event, command: MenuCommand) => listener(command))
  },
}

contextBridge.exposeInMainWorld('amif', bridge)
