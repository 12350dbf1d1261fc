import { useState } from 'react';
import type { RemoteSettings } from '../../core/model/settings.js';
import { call } from './bridge.js';
import { describeError, shownText } from './format.js';

/** Test connection's outcome in words, and the test itself: what the remote holds, or why it refused. */
export function useConnectionTest(): [string, (remote: RemoteSettings) => Promise<void>] {
  const [outcome, setOutcome] = useState('');
  const test = async (remote: RemoteSettings) => {
    setOutcome('Testing…');
    try {
      const result = await call('testRemote', { remote });
      const where = result.namespaces === null ? '' : `, ${result.namespaces} namespaces`;
      setOutcome(
        `Connected to ${result.description}: ${result.layout ?? 'unknown'} layout${where}, ${result.segments} ` +
          `segments in this namespace`,
      );
    } catch (error) {
      setOutcome(shownText(describeError(error)));
    }
  };
  return [outcome, test];
}
