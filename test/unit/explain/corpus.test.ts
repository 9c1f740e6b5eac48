/**
 * Every verbatim message of test/corpus/messages.json (public GitHub issues,
 * Microsoft and Databricks docs, docs/facts.md) must be explained as recorded.
 * The corpus is read from disk so that adding an entry needs no code change.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXPLAIN_CODES, explainError, type ExplainCode, type ObjectRef } from '../../../src/core/explain/explain';

interface Entry {
  source: string;
  text: string;
  expected: { code: ExplainCode; object: ObjectRef | null; permission: string | null; aadsts?: number; httpStatus?: number };
}

// out/test/unit/errors → the repository root is four levels up.
const corpusPath = resolve(__dirname, '../../../../test/corpus/messages.json');
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as Entry[];

describe('explainError on the corpus of real messages', () => {
  it('holds at least 40 entries with a source, a text and a known code', () => {
    assert.ok(corpus.length >= 40, `only ${corpus.length} entries`);
    for (const entry of corpus) {
      assert.ok(entry.source.trim().length > 0, 'every entry names its source');
      assert.ok(entry.text.trim().length > 0, `${entry.source}: empty text`);
      assert.ok(EXPLAIN_CODES.includes(entry.expected.code), `${entry.source}: unknown code ${entry.expected.code}`);
    }
  });

  it('covers every code but UNKNOWN with at least one real message', () => {
    const seen = new Set(corpus.map((e) => e.expected.code));
    for (const code of EXPLAIN_CODES) if (code !== 'UNKNOWN') assert.ok(seen.has(code), `no corpus entry for ${code}`);
  });

  it('keeps real addresses out: e-mail addresses are placeholders', () => {
    const allowed = /@(?:example\.com|company\.com|REDACTED\.co\.uk)\b/i;
    for (const entry of corpus) {
      for (const m of entry.text.matchAll(/[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}/g)) {
        assert.ok(allowed.test(m[0]), `${entry.source}: unredacted address ${m[0]}`);
      }
    }
  });

  for (const [i, entry] of corpus.entries()) {
    const label = `#${i} ${entry.source}: ${entry.expected.code}${entry.expected.object ? ` ${entry.expected.object.kind} ${entry.expected.object.id}` : ''}${entry.expected.permission ? ` ${entry.expected.permission}` : ''}`;
    it(label, () => {
      const got = explainError(entry.text);
      assert.equal(got.code, entry.expected.code, `code for: ${entry.text.slice(0, 200)}`);
      assert.equal(got.matched, entry.expected.code !== 'UNKNOWN');
      assert.deepEqual(got.object, entry.expected.object);
      assert.equal(got.permission, entry.expected.permission);
      if (entry.expected.aadsts !== undefined) assert.equal(got.aadsts, entry.expected.aadsts);
      if (entry.expected.httpStatus !== undefined) assert.equal(got.httpStatus, entry.expected.httpStatus);
      assert.ok(got.title.length > 0 && got.explanation.length > 0);
      assert.ok(got.remedies.length > 0 && got.remedies.every((r) => r.trim().length > 0));
    });
  }

  it('finds each message inside a long log of unrelated lines', () => {
    const noise = Array.from({ length: 2000 }, (_, i) => `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}Z INFO Executor: Finished task ${i}.0 in stage 3.0 (TID ${i}) in ${i % 97} ms\n`).join('');
    for (const entry of corpus) {
      const got = explainError(`${noise}${entry.text}\n${noise}`);
      assert.equal(got.code, entry.expected.code, `${entry.source} inside a log`);
      assert.deepEqual(got.object, entry.expected.object, `${entry.source} object inside a log`);
      assert.equal(got.permission, entry.expected.permission, `${entry.source} permission inside a log`);
    }
  });
});
