// Error injection shared by both fakes: a list of armed faults, each firing a
// set number of times (or always) on the requests it matches. Scenario faults
// are armed at start; the control API arms more at runtime.
import type { EntraFault, EntraGrantType, FaultSpec, WorkspaceFault } from './scenario';

export interface ArmedFault {
  id: string;
  spec: FaultSpec;
  /** Remaining firings; 'always' never runs out. */
  remaining: number | 'always';
  fired: number;
}

export interface EntraRequestFacts {
  endpoint: 'token' | 'authorize' | 'devicecode';
  grantType?: EntraGrantType;
  userName?: string;
}

export class FaultInjector {
  private armed: ArmedFault[] = [];
  private nextId = 1;

  arm(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    this.armed.push({ id, spec, remaining: spec.times ?? 1, fired: 0 });
    return id;
  }

  disarm(id: string): boolean {
    const before = this.armed.length;
    this.armed = this.armed.filter((f) => f.id !== id);
    return this.armed.length !== before;
  }

  clear(): void {
    this.armed = [];
  }

  list(): ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** The first Entra fault matching the request, consumed; null when none. */
  takeEntra(facts: EntraRequestFacts): EntraFault | null {
    return this.take((spec): spec is EntraFault => {
      if (spec.target !== 'entra') return false;
      if ((spec.endpoint ?? 'token') !== facts.endpoint) return false;
      if (spec.grantType !== undefined && spec.grantType !== facts.grantType) return false;
      // A per-user fault waits until the request's user is known.
      if (spec.user !== undefined && spec.user.toLowerCase() !== facts.userName?.toLowerCase()) return false;
      return true;
    });
  }

  /** The first workspace fault whose path prefix and method match, consumed; null when none. */
  takeWorkspace(method: string, path: string): WorkspaceFault | null {
    return this.take((spec): spec is WorkspaceFault => {
      if (spec.target !== 'workspace') return false;
      if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
      return path.startsWith(spec.path);
    });
  }

  private take<T extends FaultSpec>(matches: (spec: FaultSpec) => spec is T): T | null {
    for (const fault of this.armed) {
      if (!matches(fault.spec)) continue;
      fault.fired++;
      if (fault.remaining !== 'always') {
        fault.remaining--;
        if (fault.remaining <= 0) this.armed = this.armed.filter((f) => f !== fault);
      }
      return fault.spec;
    }
    return null;
  }
}
