import { type BrowserWindow, Menu, type MenuItemConstructorOptions, app, dialog } from 'electron';
import { COMMAND_CHANNEL } from './channels.js';

/** What the menu asks of the app: open a directory (the native chooser's or a recent one's). */
export interface MenuActions {
  recent: readonly string[];
  open(dir: string): Promise<void>;
}

/**
 * The application menu: File (Open directory…, recent directories, Remote settings, Fetch by
 * frame, Reload), View (the three tabs, zoom, full screen) and Help › About with the version.
 * Commands the renderer carries out go to it on COMMAND_CHANNEL, names only.
 */
export function buildMenu(window: BrowserWindow, actions: MenuActions): void {
  const send = (command: string) => () => window.webContents.send(COMMAND_CHANNEL, command);
  const openDialog = async () => {
    const result = await dialog.showOpenDialog(window, {
      title: 'Open segment directory',
      properties: ['openDirectory'],
    });
    const dir = result.filePaths[0];
    if (!result.canceled && dir) await actions.open(dir);
  };
  const about = () =>
    void dialog.showMessageBox(window, {
      type: 'info',
      title: 'About Segscope',
      message: `Segscope ${app.getVersion()}`,
      detail:
        `An inspector for libSQL and sqld storage.\nElectron ${process.versions.electron ?? ''}, ` +
        `Chromium ${process.versions.chrome ?? ''}, Node ${process.versions.node}`,
    });
  const recent = actions.recent.length
    ? actions.recent.map((dir) => ({ label: dir, click: () => void actions.open(dir) }))
    : [{ label: 'None', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open directory…', accelerator: 'CmdOrCtrl+O', click: () => void openDialog() },
        { label: 'Recent directories', submenu: recent },
        { type: 'separator' },
        { label: 'Remote settings…', accelerator: 'CmdOrCtrl+,', click: send('remote-settings') },
        { label: 'Fetch by frame…', accelerator: 'CmdOrCtrl+Shift+F', click: send('fetch-by-frame') },
        { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: send('reload') },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Segments', accelerator: 'CmdOrCtrl+1', click: send('tab-segments') },
        { label: 'Query', accelerator: 'CmdOrCtrl+2', click: send('tab-query') },
        { label: 'Changes', accelerator: 'CmdOrCtrl+3', click: send('tab-changes') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ label: 'About Segscope', click: about }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
