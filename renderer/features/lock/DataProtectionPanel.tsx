// The data-protection note as a panel of its own (beside Settings): asks the core for the state once.
import { useEffect, useState } from 'react';
import type { SecurityStatus } from '../../../shared/api/security';
import { useApi } from '../../api/ApiContext';
import { DataProtection } from './DataProtection';

export function DataProtectionPanel() {
  const api = useApi();
  const [status, setStatus] = useState<SecurityStatus | null>(null);
  useEffect(() => {
    let current = true;
    api.invoke('security.status', {}).then((s) => current && setStatus(s), () => undefined);
    return () => {
      current = false;
    };
  }, [api]);
  return status ? <div className="data-protection-panel"><DataProtection status={status} /></div> : null;
}
