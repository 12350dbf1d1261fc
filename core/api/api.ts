import type { SegscopeApi } from './api-contract.js';
import { type ApiOptions, ApiSession } from './api-session.js';
import { inspectMethods } from './inspect-methods.js';
import { listingMethods } from './listing-methods.js';
import { segmentMethods } from './segment-methods.js';
import { settingsMethods } from './settings-methods.js';
import { timeTravelMethods } from './time-travel-methods.js';
import type { SegscopeSettings } from '../model/settings.js';

/**
 * The one API object: Electron's IPC, the browser mode's HTTP transport and the tests
 * bind this. Inputs are assumed validated (invokeApi in schemas.ts does that at every boundary).
 * Each family of methods is a module of its own; they share one session (api-session.ts).
 */
export function createSegscopeApi(initial: SegscopeSettings, options: ApiOptions = {}): SegscopeApi {
  const session = new ApiSession(initial, options);
  return {
    ...settingsMethods(session),
    ...listingMethods(session),
    ...inspectMethods(session),
    ...segmentMethods(session),
    ...timeTravelMethods(session),
  };
}
