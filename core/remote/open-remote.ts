import type { RemoteSettings } from '../api/settings.js';
import { DirectoryRemote } from './directory-remote.js';
import { noneRemote } from './none-remote.js';
import type { RemoteStorage } from './remote.js';
import { S3Remote } from './s3-remote.js';

/** Builds the remote storage the settings describe. */
export function openRemote(settings: RemoteSettings): RemoteStorage {
  switch (settings.kind) {
    case 'none':
      return noneRemote();
    case 'directory':
      return new DirectoryRemote(settings.path, settings.clusterId);
    case 's3':
      return new S3Remote(settings);
  }
}
