import type { RemoteSettings } from '../api/settings.js';
import { SegscopeError } from '../errors.js';
import { DirectoryRemote } from './directory-remote.js';
import { noneRemote } from './none-remote.js';
import type { RemoteStorage } from './remote.js';

/** Builds the remote storage the settings describe. */
export function openRemote(settings: RemoteSettings): RemoteStorage {
  switch (settings.kind) {
    case 'none':
      return noneRemote();
    case 'directory':
      return new DirectoryRemote(settings.path, settings.clusterId);
    case 's3':
      throw new SegscopeError('INVALID_ARGUMENT', 'S3 remotes are not available in this build yet');
  }
}
