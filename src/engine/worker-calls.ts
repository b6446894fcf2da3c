// Calls into a worker over Comlink, guarded against the worker dying: a Comlink call to a
// worker that is gone never settles, so the host (the tab's MSW binding, zonescope serve)
// fails the calls still waiting when it learns of the death, and every later call at once.
// Pure TypeScript: the host says when the worker died (its error or exit event).

export class WorkerCalls {
  private dead: Error | undefined;
  private readonly waiting = new Set<(e: Error) => void>();

  /** The worker died with `e`: the waiting calls and all later ones fail with it. False if it had died already. */
  fail(e: Error): boolean {
    if (this.dead !== undefined) return false;
    this.dead = e;
    for (const reject of this.waiting) reject(e);
    this.waiting.clear();
    return true;
  }

  call<T>(f: () => Promise<T>): Promise<T> {
    const dead = this.dead;
    if (dead !== undefined) return Promise.reject(dead);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      f().then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }
}
