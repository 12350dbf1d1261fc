import type { RemoteSettings } from '../api/settings.js';
import { DirectoryRemote } from './directory-remote.js';
import { noneRemote } from './none-remote.js';
import type { RemoteStorage } from './remote.js';

/**
 * Builds the remote storage the settings describe. The AWS SDK is loaded only for an S3 remote:
 * it is most of what a command would otherwise load before it starts.
 */
export async function openRemote(settings: RemoteSettings): Promise<RemoteStorage> {
  switch (settings.kind) {
    case 'none':
      return noneRemote();
    case 'directory':
      return new DirectoryRemote(settings.path, settings.clusterId);
    case 's3': {
      const { S3Remote } = await import('./s3-remote.js');
      return new S3Remote(settings);
    }
  }
}
