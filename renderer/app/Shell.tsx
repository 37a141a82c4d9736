// The signed-in console: nav rail, top bar and the current view.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../shared/api/contract';
import type { AccountViewPurpose } from '../../shared/domain/access';
import { useApi } from '../api/ApiContext';
import { AccountView } from '../features/account/AccountView';
import { CallProvider, useCall } from '../features/call/CallProvider';
import { IncomingCall } from '../features/call/IncomingCall';
import { CallBar } from '../features/call/CallBar';
import { SoftphoneProvider } from '../softphone/SoftphoneProvider';
import { PhoneStatus } from './PhoneStatus';
import { createQueueMemory } from '../features/queue/queue-memory';
import { QueueView } from '../features/queue/QueueView';
import { DialPadView } from '../features/dialpad/DialPadView';
import { SettingsView } from '../features/settings/SettingsView';
import { DataProtectionPanel } from '../features/lock/DataProtectionPanel';
import { useShortcut } from './use-shortcut';
import { type Destination, NavRail } from './NavRail';
import { RouteView } from '../features/visits/RouteView';
import { BoardView } from '../features/board/BoardView';
import { ComplaintsView } from '../complaints/ComplaintsView';
import { ReportsView } from '../reports/ReportsView';
import { LadderView } from '../ladder/LadderView';
import { ReviewView } from '../features/review/ReviewView';
import { usePresenceReport } from './use-presence-report';
import { NextAccountButton } from './NextAccountButton';
import { CallbacksView } from '../features/callbacks/CallbacksView';
import { useCallbackReminders } from '../features/callbacks/use-callback-reminders';
import { MyDayView } from '../features/day/MyDayView';
import { SyncStatusProvider } from './SyncStatus';
import { TopBar } from './TopBar';
import { MonitorBar } from '../features/monitor/MonitorControls';
import { MonitorAddressReporter } from '../features/monitor/AddressReporter';
import { AgentStatusProvider } from './agent-status';
import { ProgressiveProvider } from '../features/progressive/ProgressiveProvider';
import { ProgressivePreview } from '../features/progressive/ProgressivePreview';

/** An account remembers the view it was opened from (`from`, the queue when absent): Back returns there; `purpose` is why, for the read-access log. */
type View = { name: 'callbacks' } | { name: 'day' } | { name: 'board' } | { name: 'review'; callId?: string } | { name: 'visits' } | { name: 'queue' } | { name: 'account'; accountId: string; from?: 'board' | 'complaints'; purpose: AccountViewPurpose } | { name: 'dialpad' } | { name: 'settings' } | { name: 'complaints' } | { name: 'reports' } | { name: 'ladder' };

interface Props {
  session: Session;
  onSignedOut: () => void;
}

export function Shell(props: Props) {
  return (
    <SyncStatusProvider>
      <SoftphoneProvider>
        <CallProvider>
          <AgentStatusProvider><ProgressiveProvider><ShellLayout {...props} /></ProgressiveProvider></AgentStatusProvider>
        </CallProvider>
      </SoftphoneProvider>
    </SyncStatusProvider>
  );
}

function ShellLayout({ session, onSignedOut }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  // A field agent works a route of visits first, a team lead watches the team; everyone has the queue and the phone.
  const { role } = session.user;
  const destinations: Destination[] = role === 'field_agent' ? ['visits', 'queue', 'dialpad', 'settings']
    : role === 'team_lead' || role === 'admin' ? ['board', 'review', 'complaints', 'reports', 'ladder', 'queue', 'dialpad', 'settings'] : ['queue', 'callbacks', 'day', 'dialpad', 'settings'];
  // Collectors and field agents tell the live board what they are doing; leads only watch.
  usePresenceReport(role === 'collector' || role === 'field_agent');
  useCallbackReminders(role === 'collector');
  const [chosen, setView] = useState<View>({ name: destinations[0]! } as View);
  // A call or an open wrap-up keeps its account on screen: the wrap-up cannot be skipped.
  const { call, wrapUp } = useCall();
  const pinned = call?.accountId ?? wrapUp?.accountId ?? null;
  const view: View = pinned && chosen.name !== 'settings' ? { name: 'account', accountId: pinned, purpose: chosen.name === 'account' && chosen.accountId === pinned ? chosen.purpose : 'call' } : chosen;
  useShortcut('d', () => setView({ name: 'dialpad' }));
  // Filters, scroll position and fetched pages outlive a visit to an account.
  const [queueMemory] = useState(() => createQueueMemory(api));

  return (
    <div className="shell">
      <NavRail destinations={destinations} current={view.name === 'account' ? (view.from ?? 'queue') : view.name} onNavigate={(name) => setView({ name } as View)} />
      <div className="shell-main">
        <TopBar user={session.user} onSignedOut={onSignedOut}>
          <NextAccountButton currentAccountId={view.name === 'account' ? view.accountId : null} onOpen={(accountId) => setView({ name: 'account', accountId, purpose: 'next_account' })} />
          <PhoneStatus />
        </TopBar>
        <MonitorBar />
        <MonitorAddressReporter />
        <IncomingCall onOpen={(accountId) => setView({ name: 'account', accountId, purpose: 'inbound_call' })} />
        <CallBar />
        <ProgressivePreview />
        <main className="shell-content">
          {view.name === 'board' && (
            <BoardView onOpenAccount={(accountId) => setView({ name: 'account', accountId, from: 'board', purpose: 'board_alert' })} onOpenCall={(callId) => setView({ name: 'review', callId })} />
          )}
          {view.name === 'complaints' && <ComplaintsView onOpenAccount={(accountId) => setView({ name: 'account', accountId, from: 'complaints', purpose: 'complaint' })} />}
          {view.name === 'reports' && <ReportsView />}
          {view.name === 'ladder' && <LadderView />}
          {view.name === 'review' && <ReviewView key={view.callId ?? ''} callId={view.callId ?? null} />}
          {view.name === 'visits' && <RouteView onOpenAccount={(accountId) => setView({ name: 'account', accountId, purpose: 'visit' })} />}
          {view.name === 'queue' && <QueueView memory={queueMemory} onOpen={(accountId) => setView({ name: 'account', accountId, purpose: queueMemory.form.search.trim() ? 'search' : 'queue' })} />}
          {view.name === 'account' && (
            <AccountView accountId={view.accountId} purpose={view.purpose} onBack={() => setView({ name: view.from ?? 'queue' } as View)}
              backLabel={view.from === 'board' ? t('board.backToBoard') : view.from === 'complaints' ? t('complaints.backToList') : undefined} />
          )}
          {view.name === 'callbacks' && <CallbacksView onOpen={(accountId) => setView({ name: 'account', accountId, purpose: 'callback' })} />}
          {view.name === 'day' && <MyDayView />}
          {view.name === 'dialpad' && <DialPadView />}
          {view.name === 'settings' && <SettingsView />}
          {view.name === 'settings' && <DataProtectionPanel />}
        </main>
      </div>
    </div>
  );
}
