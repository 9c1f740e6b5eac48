/** One listed object as its kind's row reads it: id, name, creator and the row's details. */
import { KindRow } from '../access/kinds';
import { idOf, isRecord } from './answerShape';
import { listedValues } from './interned';

/** An object as its kind's list shows it: id, name, creator, and the details its row reads. */
export interface ObjectSummary {
  readonly id: string;
  readonly name: string;
  readonly creator: string | undefined;
  readonly [detail: string]: string | undefined;
}

/** `missingId` makes the error for an entry without a usable id: it cannot be checked or named, so it is not left out. */
export function toSummary(row: KindRow, entry: unknown, missingId: () => Error): ObjectSummary {
  const raw = isRecord(entry) ? entry : {};
  const value = raw[row.idField];
  // A string id must be there; a number id may come as a number or a string (idOf).
  const id = row.idType === 'string' ? (typeof value === 'string' && value !== '' ? value : undefined) : idOf(value);
  if (id === undefined) throw missingId();
  let name: unknown = raw;
  for (const field of row.nameField) name = isRecord(name) ? name[field] : undefined;
  const details = row.details?.(raw);
  const summary: Record<string, string | undefined> = { id, name: (name as string | undefined) ?? row.unnamed(id), ...details, creator: shared(raw.creator_user_name) };
  // Creators and detail values (a cluster's state, its access mode) repeat from object to object: one copy each (interned.ts).
  if (details) for (const key of Object.keys(details)) summary[key] = shared(summary[key]);
  return summary as ObjectSummary;
}

function shared(value: unknown): string | undefined {
  return typeof value === 'string' ? listedValues.of(value) : (value as string | undefined);
}
