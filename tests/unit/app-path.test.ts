import { describe, expect, it } from 'vitest';
import { APP_URL, appFilePath } from '../../main/app/app-path.ts';

const DIR = '/opt/blotter/out/renderer';

describe('app:// renderer paths', () => {
  it('maps the app URL and its assets into the renderer directory only', () => {
    expect(appFilePath(DIR, APP_URL)).toBe(`${DIR}/index.html`);
    expect(appFilePath(DIR, 'app://blotter/')).toBe(`${DIR}/index.html`);
    expect(appFilePath(DIR, 'app://blotter/assets/index-abc.js')).toBe(`${DIR}/assets/index-abc.js`);
  });

  it('never leaves the renderer directory, whatever the path climbs', () => {
    for (const url of [
      'app://blotter/../../etc/passwd',
      'app://blotter/%2e%2e/%2e%2e/etc/passwd',
      'app://blotter/assets/..%2f..%2f..%2fetc/passwd',
      'app://blotter/..\\..\\etc\\passwd',
    ]) {
      const file = appFilePath(DIR, url);
      if (file !== undefined) expect(file.startsWith(`${DIR}/`), `${url} → ${file}`).toBe(true);
    }
  });

  it('refuses another host, a bad escape, a NUL and another scheme', () => {
    for (const url of [
      'app://evil/index.html',
      'app://blotter/%zz',
      'app://blotter/index.html%00.js',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(appFilePath(DIR, url), url).toBeUndefined();
    }
  });
});
