import { openRemote } from '../layouts/open-remote.js';
import { DEFAULT_NAMESPACE, namespaceName } from '../model/namespace-id.js';
import type { RemoteSettings } from '../model/settings.js';
import type { SegscopeApi } from './api-contract.js';
import type { ApiSession } from './api-session.js';
import { Workspace } from './workspace.js';

export type SettingsMethods = Pick<
  SegscopeApi,
  'getSettings' | 'openDirectory' | 'selectNamespace' | 'setRemote' | 'testRemote'
>;

/** What is open and where its remote is: the folder, the namespace chosen, the remote and its check. */
export function settingsMethods(session: ApiSession): SettingsMethods {
  /** A secret left out of new S3 settings keeps the one already stored for the same key id. */
  const mergeSecret = (next: RemoteSettings): RemoteSettings => {
    const previous = session.settings.remote;
    if (
      next.kind === 's3' &&
      next.secretAccessKey === null &&
      previous.kind === 's3' &&
      previous.accessKeyId === next.accessKeyId
    ) {
      return { ...next, secretAccessKey: previous.secretAccessKey };
    }
    return next;
  };

  return {
    async getSettings() {
      return session.publicSettings();
    },
    async openDirectory({ dir, namespace: ns, layout }) {
      const candidate = await Workspace.open(dir, { layout, remote: { kind: 'none' } });
      await candidate.close();
      await session.changeSettings({ ...session.settings, dir, layout: layout ?? null, namespace: ns ?? null });
      await session.current();
      return session.publicSettings();
    },
    async selectNamespace({ namespace: ns }) {
      // A name no layout here can settle (held by two) is refused before it is kept.
      if (session.settings.dir !== null) await session.target(ns);
      session.keepSettings({ ...session.settings, namespace: ns });
      return session.publicSettings();
    },
    async setRemote(remote) {
      await session.changeSettings({ ...session.settings, remote: mergeSecret(remote) });
      return session.publicSettings();
    },
    async testRemote({ remote }) {
      const storage = await openRemote(remote ? mergeSecret(remote) : session.settings.remote);
      try {
        await storage.check();
        const listing = await storage.list(namespaceName(session.settings.namespace ?? DEFAULT_NAMESPACE));
        const namespaces = storage.namespaces ? (await storage.namespaces()).length : null;
        return {
          description: storage.description,
          segments: listing.segments.length,
          layout: storage.layout ?? null,
          namespaces,
        };
      } finally {
        await storage.close();
      }
    },
  };
}
