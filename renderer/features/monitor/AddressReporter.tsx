// Where leads' monitor calls to this agent go (docs/monitor.md "Where the lead's call goes"):
// each time the softphone becomes registered, the core is told, and it reports the address of
// record to the central server (once per sign-in; the server keeps the first). Renders nothing.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { useSoftphone } from '../../softphone/SoftphoneProvider';

export function MonitorAddressReporter() {
  const api = useApi();
  const registered = useSoftphone().registration.state === 'registered';
  useEffect(() => {
    // A failure (offline) is tried again by the core when the agent's next softphone call starts.
    if (registered) void api.invoke('monitor.registered', {}).catch(() => undefined);
  }, [api, registered]);
  return null;
}
