// The queue's upkeep of pulled pages, moved into the time the console waits for the server.
// Telling the queue about a page (its accounts re-read, ranked and put through the gate) costs
// about 75 ms for 500 accounts; during a first pull the console otherwise sits idle while the
// server reads the next page, so the pull runs the upkeep a page at a time in those waits.

type Page = { accountIds: string[]; assignedIds: string[] | null };

export class DeferredUpkeep {
  private readonly pending: Page[] = [];

  constructor(
    private readonly tell: (accountIds: string[], assignedIds: string[] | null) => void,
    /** False once the pages waiting are no longer this console's to tell (another agent signed in). */
    private readonly current: () => boolean,
  ) {}

  add(accountIds: string[], assignedIds: string[] | null): void {
    this.pending.push({ accountIds, assignedIds });
  }

  /** Forgets the pages waiting: they were another agent's. */
  drop(): void {
    this.pending.length = 0;
  }

  /** Tells the queue about every page still waiting. */
  flush(): void {
    while (this.tellOne()) { /* until none is left */ }
  }

  /** Tells the queue about waiting pages, one at a time, until `answer` has arrived. */
  async whileWaiting(answer: Promise<unknown>): Promise<void> {
    let arrived = false;
    answer.then(() => { arrived = true; }, () => { arrived = true; });
    while (this.pending.length > 0 && !arrived) {
      await new Promise<void>((resolve) => setImmediate(resolve)); // lets the answer's bytes in
      if (!arrived) this.tellOne();
    }
  }

  private tellOne(): boolean {
    if (!this.current()) this.drop();
    const page = this.pending.shift();
    if (!page) return false;
    this.tell(page.accountIds, page.assignedIds);
    return true;
  }
}
