import * as assert from 'node:assert/strict';
import { findCellTableReferences } from '../../../src/core/references/cellTables';

const names = (refs: ReturnType<typeof findCellTableReferences>) => refs.map((r) => [r.fullName, r.action, r.line, r.start]);

describe('Table references in a notebook cell', () => {
  it('reads a cell in its own language, not as the notebook JSON', () => {
    assert.deepEqual(names(findCellTableReferences('df = spark.table("main.features.churn")', 'python')), [['main.features.churn', 'select', 0, 18]]);
    assert.deepEqual(names(findCellTableReferences('SELECT * FROM main.features.churn', 'sql')), [['main.features.churn', 'select', 0, 14]]);
  });

  it('follows a %sql first line, keeping every column, and skips %sh and %md cells', () => {
    assert.deepEqual(names(findCellTableReferences('%sql\nINSERT INTO main.reporting.sales SELECT * FROM main.features.churn', 'python')), [
      ['main.reporting.sales', 'modify', 1, 12],
      ['main.features.churn', 'select', 1, 47],
    ]);
    assert.deepEqual(findCellTableReferences('%sh\ncat /tmp/x # FROM main.features.churn', 'python'), []);
    assert.deepEqual(findCellTableReferences('<b>hi</b>', 'markdown'), []);
  });
});
