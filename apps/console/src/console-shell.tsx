import { useMemo, useRef, useState } from 'preact/hooks';
import { describeError, isSessionEnd } from './api';
import { AppealScreen } from './appeal-screen';
import { AppealsScreen } from './appeals-screen';
import { CapacityScreen } from './capacity-screen';
import { BulkProgressScreen, BulkScreen } from './bulk-screen';
import { CaseScreen } from './case-screen';
import { CheatSheet } from './cheat-sheet';
import { DisagreementsScreen } from './disagreements-screen';
import { claimCase } from './claim';
import { ConsoleContext, type ConsoleContextValue } from './console-context';
import { dropAllDrafts } from './decision-draft';
import { useExposure } from './exposure';
import { useFocusOnMount } from './focus';
import { Header } from './header';
import { useShortcuts } from './keyboard';
import { releaseHeldLease } from './lease';
import { type Notice, Notices } from './notices';
import { usePreferences } from './preferences';
import { QueueOverviewScreen } from './queue-overview';
import { casePath, Link, navigate, QUEUE_PATH, type Route, routeOf, useLocation } from './router';
import { SecondReviewsScreen } from './second-review-screen';
import { signOut } from './session';
import type { Session } from './types';
import { BreakPrompt, PauseScreen, useBreakPrompt, ViolentCapNote } from './wellness';

// Not "the queue is empty": cases this moderator skipped, or violent ones past their daily limit, may still wait.
const EMPTY_QUEUE = 'No case to claim for you right now.';

let noticeIds = 0;
const notice = (text: string): Notice => ({ id: ++noticeIds, text });

/** Everything a signed-in moderator sees: header, notices, the screen for the path, and the wellness and help dialogs. */
export function ConsoleShell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const { path, visit } = useLocation();
  const route = routeOf(path);
  const preferences = usePreferences();
  const [exposure, refreshExposure] = useExposure();
  const [statuses, setStatuses] = useState<Notice[]>([]);
  const [alertNotice, setAlertNotice] = useState<Notice | null>(null);
  const [cheatSheetOpen, setCheatSheetOpen] = useState(false);
  const [paused, setPaused] = useState(false);
  const breakPrompt = useBreakPrompt(exposure, paused);
  const claiming = useRef(false);

  const context = useMemo<ConsoleContextValue>(() => {
    const announce = (text: string) => setStatuses((current) => [...current, notice(text)]);
    const alert = (text: string) => setAlertNotice(notice(text));
    const reportError = (err: unknown) => {
      if (!isSessionEnd(err)) alert(describeError(err));
    };
    return {
      principal: session.principal,
      warnAtFraction: session.warnAtFraction,
      preferences,
      announce,
      alert,
      reportError,
      clearNotices: () => {
        setStatuses([]);
        setAlertNotice(null);
      },
      claimNext: async () => {
        // One claim at a time: a double press of c must not lease two cases.
        if (claiming.current) return;
        claiming.current = true;
        try {
          const claimed = await claimCase();
          refreshExposure();
          if (claimed) navigate(casePath(claimed.id));
          else {
            announce(EMPTY_QUEUE);
            navigate(QUEUE_PATH);
          }
        } catch (err) {
          reportError(err);
        } finally {
          claiming.current = false;
        }
      },
    };
  }, [session, preferences, refreshExposure]);

  useShortcuts({ '?': () => setCheatSheetOpen(true) });

  const takeBreak = async () => {
    breakPrompt.snooze();
    setPaused(true);
    await releaseHeldLease();
    navigate(QUEUE_PATH);
  };

  const endPause = () => {
    breakPrompt.snooze();
    setPaused(false);
  };

  const signOutNow = async () => {
    try {
      // The lease goes back first: once the session is gone the release would be refused.
      await releaseHeldLease();
      await signOut();
      dropAllDrafts();
      navigate(QUEUE_PATH);
      onSignedOut();
    } catch (err) {
      context.reportError(err);
    }
  };

  return (
    <ConsoleContext.Provider value={context}>
      <Header principal={session.principal} exposure={exposure} onShowShortcuts={() => setCheatSheetOpen(true)} onSignOut={signOutNow} />
      <main class="app-main">
        <Notices statuses={statuses} alert={alertNotice} />
        {exposure?.violentCapReached && <ViolentCapNote />}
        {paused ? <PauseScreen onBack={endPause} /> : <Screen key={screenKey(route, visit)} route={route} />}
      </main>
      {cheatSheetOpen && <CheatSheet onClose={() => setCheatSheetOpen(false)} />}
      {breakPrompt.open && exposure && !cheatSheetOpen && <BreakPrompt exposure={exposure} onTakeBreak={takeBreak} onContinue={breakPrompt.snooze} />}
    </ConsoleContext.Provider>
  );
}

/**
 * A case (or appeal) screen is fresh for every visit (the same case may be claimed again after its lease was lost);
 * the overviews stay mounted when asked for again, so "queue empty" does not reset their figures or move the focus.
 */
const screenKey = (route: Route, visit: number) => (route.screen === 'queue' || route.screen === 'appeals' ? route.screen : String(visit));

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'queue':
      return <QueueOverviewScreen />;
    case 'case':
      return <CaseScreen caseId={route.caseId} />;
    case 'appeals':
      return <AppealsScreen />;
    case 'appeal':
      return <AppealScreen appealId={route.appealId} />;
    case 'capacity':
      return <CapacityScreen />;
    case 'second-reviews':
      return <SecondReviewsScreen />;
    case 'disagreements':
      return <DisagreementsScreen />;
    case 'bulk':
      return <BulkScreen />;
    case 'bulk-progress':
      return <BulkProgressScreen bulkId={route.bulkId} />;
    case 'not-found':
      return <NotFound />;
  }
}

function NotFound() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div>
      <h1 tabIndex={-1} ref={heading}>Page not found</h1>
      <p>
        There is nothing at this address. <Link href={QUEUE_PATH}>Go to the queue</Link>
      </p>
    </div>
  );
}
