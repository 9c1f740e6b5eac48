// One clock for both fake servers. Tests move it forward to make tokens,
// codes and refresh tokens expire without waiting; clients keep the real
// clock, exactly like a client whose clock disagrees with the server's.
export class SandboxClock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
