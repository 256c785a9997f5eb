/**
 * The application menu. Electron's default menu has View → Toggle Developer Tools and Reload; in a packaged
 * build neither exists (DevTools would let anyone at the keyboard script the renderer's bridge). Development
 * builds keep the default menu.
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function installAppMenu(): void {
  if (!app.isPackaged) return;
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    // Copy and paste in the search and account fields.
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
