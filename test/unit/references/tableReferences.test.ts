import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MAX_REFERENCE_TEXT, TableSourceLanguage, findTableReferences, tableLanguageOf } from '../../../src/core/references/tableReferences';

type Expected = [kind: string, fullName: string, action: string, partial: boolean, written: string];

const ipynb = (cells: string[][], language = 'python'): string =>
  JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], source })), metadata: { language_info: { name: language } } }, null, 1);

/** [what, language, text, expected references in file order: kind, full name, action, partial, the text at the span] */
const TABLE: [string, TableSourceLanguage, string, Expected[]][] = [
  // Python
  ['spark.table', 'python', 'df = spark.table("main.sales.orders")', [['table', 'main.sales.orders', 'select', false, 'main.sales.orders']]],
  ['spark.read.table, single quotes', 'python', "df = spark.read.table('main.sales.orders')", [['table', 'main.sales.orders', 'select', false, 'main.sales.orders']]],
  ['spark.readStream.table split over lines', 'python', 'df = (spark.readStream\n  .table("main.sales.events"))', [['table', 'main.sales.events', 'select', false, 'main.sales.events']]],
  ['saveAsTable and insertInto modify', 'python', 'df.write.mode("append").saveAsTable("main.sales.daily")\ndf.write.insertInto("main.sales.log")', [['table', 'main.sales.daily', 'modify', false, 'main.sales.daily'], ['table', 'main.sales.log', 'modify', false, 'main.sales.log']]],
  ['backtick-quoted parts', 'python', 'spark.table("`my-catalog`.sales.`order lines`")', [['table', 'my-catalog.sales.order lines', 'select', false, '`my-catalog`.sales.`order lines`']]],
  ['spark.sql with FROM and JOIN', 'python', 'spark.sql("""\nSELECT *\nFROM main.sales.orders o\nJOIN main.sales.customers AS c ON o.cid = c.id\n""")', [['table', 'main.sales.orders', 'select', false, 'main.sales.orders'], ['table', 'main.sales.customers', 'select', false, 'main.sales.customers']]],
  ['spark.sql with escaped newlines and adjacent literals', 'python', 'spark.sql("SELECT *\\n"\n          "FROM main.sales.orders")', [['table', 'main.sales.orders', 'select', false, 'main.sales.orders']]],
  ['spark.sql f-string: the part built from a variable is skipped, the literal one kept', 'python', 'spark.sql(f"SELECT * FROM {catalog}.sales.orders o JOIN main.ref.{table} r JOIN main.ref.fx x")', [['table', 'main.ref.fx', 'select', false, 'main.ref.fx']]],
  ['spark.sql .format placeholder', 'python', 'spark.sql("INSERT INTO {t} SELECT * FROM main.s.src".format(t=target))', [['table', 'main.s.src', 'select', false, 'main.s.src']]],
  ['spark.sql USE then a short name', 'python', 'spark.sql("USE CATALOG dev")\nspark.table("features.churn")', [['table', 'dev.features.churn', 'select', false, 'features.churn']]],
  ['volumes: open for writing, dbutils.fs.put, a writer save, a reader', 'python', 'with open("/Volumes/main/raw/files/a.csv", "w") as f:\n    pass\nopen("/Volumes/main/raw/ro/b.csv").read()\ndbutils.fs.put("/Volumes/main/raw/files/b.txt", "x")\ndf.write.format("csv").save("/Volumes/main/raw/out/dir")\nspark.read.csv("/Volumes/main/raw/in/x.csv")', [
    ['volume', 'main.raw.files', 'write', false, '/Volumes/main/raw/files'],
    ['volume', 'main.raw.ro', 'read', false, '/Volumes/main/raw/ro'],
    ['volume', 'main.raw.files', 'write', false, '/Volumes/main/raw/files'],
    ['volume', 'main.raw.out', 'write', false, '/Volumes/main/raw/out'],
    ['volume', 'main.raw.in', 'read', false, '/Volumes/main/raw/in'],
  ]],
  ['volume copy: source read, destination written', 'python', 'dbutils.fs.cp("/Volumes/a/b/src/x", "/Volumes/a/b/dst/x")', [['volume', 'a.b.src', 'read', false, '/Volumes/a/b/src'], ['volume', 'a.b.dst', 'write', false, '/Volumes/a/b/dst']]],
  ['Path(…).write_text writes; COPY INTO modifies and reads its source volume', 'python', 'Path("/Volumes/a/b/v/x.txt").write_text("hi")\nspark.sql("COPY INTO main.s.t FROM \'/Volumes/a/b/land/\' FILEFORMAT = CSV")', [['volume', 'a.b.v', 'write', false, '/Volumes/a/b/v'], ['table', 'main.s.t', 'modify', false, 'main.s.t'], ['volume', 'a.b.land', 'read', false, '/Volumes/a/b/land']]],
  ['setCurrentCatalog leaves the schema unknown; setCurrentDatabase sets it', 'python', 'spark.catalog.setCurrentCatalog("prod")\nspark.table("t1")\nspark.catalog.setCurrentDatabase("sales")\nspark.table("t2")', [['table', 't1', 'select', true, 't1'], ['table', 'prod.sales.t2', 'select', false, 't2']]],
  // Scala
  ['Scala spark.table and spark.sql', 'scala', 'val df = spark.table("main.sales.orders")\nval j = spark.sql("SELECT * FROM main.sales.returns")', [['table', 'main.sales.orders', 'select', false, 'main.sales.orders'], ['table', 'main.sales.returns', 'select', false, 'main.sales.returns']]],
  ['Scala interpolation is skipped', 'scala', 'spark.sql(s"SELECT * FROM $cat.sales.orders JOIN ${c}.s.t")', []],
  // SQL files
  ['SQL: modify statements', 'sql', 'INSERT INTO main.s.t SELECT * FROM main.s.src;\nINSERT OVERWRITE TABLE main.s.t SELECT 1;\nMERGE INTO main.s.t USING main.s.u ON t.id = u.id WHEN MATCHED THEN UPDATE SET *;\nUPDATE main.s.t SET a = 1;\nDELETE FROM main.s.t WHERE a = 2;\nCREATE OR REPLACE TABLE main.s.n AS SELECT 1;\nCREATE TABLE IF NOT EXISTS main.s.m (a INT);\nINSERT INTO main.s.m (a) VALUES (1);', [
    ['table', 'main.s.t', 'modify', false, 'main.s.t'], ['table', 'main.s.src', 'select', false, 'main.s.src'],
    ['table', 'main.s.t', 'modify', false, 'main.s.t'],
    ['table', 'main.s.t', 'modify', false, 'main.s.t'], ['table', 'main.s.u', 'select', false, 'main.s.u'],
    ['table', 'main.s.t', 'modify', false, 'main.s.t'],
    ['table', 'main.s.t', 'modify', false, 'main.s.t'],
    ['table', 'main.s.n', 'modify', false, 'main.s.n'],
    ['table', 'main.s.m', 'modify', false, 'main.s.m'],
    ['table', 'main.s.m', 'modify', false, 'main.s.m'],
  ]],
  ['SQL: comma joins, aliases, subqueries', 'sql', 'SELECT * FROM main.a.x AS ax, main.a.y ay, (SELECT * FROM main.a.z) z WHERE ax.k IN (1, 2)', [['table', 'main.a.x', 'select', false, 'main.a.x'], ['table', 'main.a.y', 'select', false, 'main.a.y'], ['table', 'main.a.z', 'select', false, 'main.a.z']]],
  ['SQL: USE CATALOG resets the schema to default; USE SCHEMA and USE a.b', 'sql', 'USE CATALOG prod;\nSELECT * FROM t1;\nSELECT * FROM sales.t2;\nUSE SCHEMA features;\nSELECT * FROM t3;\nUSE dev.scratch;\nSELECT * FROM t4', [
    ['table', 'prod.default.t1', 'select', false, 't1'], ['table', 'prod.sales.t2', 'select', false, 'sales.t2'],
    ['table', 'prod.features.t3', 'select', false, 't3'], ['table', 'dev.scratch.t4', 'select', false, 't4'],
  ]],
  ['SQL: without USE, short names are partial, not guessed', 'sql', 'SELECT * FROM orders JOIN sales.customers', [['table', 'orders', 'select', true, 'orders'], ['table', 'sales.customers', 'select', true, 'sales.customers']]],
  ['SQL: USE SCHEMA alone leaves the catalog unknown', 'sql', 'USE SCHEMA sales;\nSELECT * FROM orders', [['table', 'sales.orders', 'select', true, 'orders']]],
  ['SQL: USE from a widget makes the catalog unknown again (the schema is reset to default)', 'sql', 'USE CATALOG prod;\nUSE CATALOG ${env};\nSELECT * FROM t', [['table', 'default.t', 'select', true, 't']]],
  ['SQL: volumes in paths and strings', 'sql', "SELECT * FROM csv.`/Volumes/main/raw/files/x.csv`;\nSELECT * FROM read_files('/Volumes/main/raw/landing/');", [['volume', 'main.raw.files', 'read', false, 'csv.`/Volumes/main/raw/files/x.csv`'], ['volume', 'main.raw.landing', 'read', false, '/Volumes/main/raw/landing']]],
  // Notebooks
  ['Databricks source notebook: %sql cell, USE carried to a later Python cell', 'python', '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC USE main.sales;\n# MAGIC SELECT * FROM orders\n\n# COMMAND ----------\n\nspark.table("customers")\n', [['table', 'main.sales.orders', 'select', false, 'orders'], ['table', 'main.sales.customers', 'select', false, 'customers']]],
  ['Databricks SQL notebook with a Python cell', 'sql', '-- Databricks notebook source\nSELECT * FROM main.a.b\n\n-- COMMAND ----------\n\n-- MAGIC %python\n-- MAGIC spark.table("main.a.c")\n', [['table', 'main.a.b', 'select', false, 'main.a.b'], ['table', 'main.a.c', 'select', false, 'main.a.c']]],
  ['Databricks notebook: %md cells are not code', 'python', '# Databricks notebook source\n# MAGIC %md\n# MAGIC Reads FROM main.a.b\n', []],
  ['ipynb: a %sql cell and escaped quotes in a Python cell', 'ipynb', ipynb([['%sql\n', 'SELECT *\n', 'FROM main.sales.orders\n'], ['spark.sql("SELECT * FROM main.s.t")']]), [['table', 'main.sales.orders', 'select', false, 'main.sales.orders'], ['table', 'main.s.t', 'select', false, 'main.s.t']]],
  ['ipynb: a SQL notebook, markdown cells ignored', 'ipynb', JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['FROM main.x.y'] }, { cell_type: 'code', source: 'SELECT 1 FROM main.x.z' }], metadata: { kernelspec: { language: 'sql' } } }), [['table', 'main.x.z', 'select', false, 'main.x.z']]],
  // Not references
  ['comments', 'python', '# df = spark.table("main.a.b")\nx = 1', []],
  ['SQL comments and string literals', 'sql', "-- FROM main.a.b\n/* JOIN main.a.c /* nested */ FROM main.a.d */\nSELECT 'FROM main.a.e' AS s, \"JOIN main.a.f\" AS t", []],
  ['strings that are not SQL', 'python', 'print("Read FROM main.sales.orders")\nlabel = "main.sales.orders"', []],
  ['a table name from a variable', 'python', 'spark.table(name)\nspark.table(f"{cat}.sales.orders")\nspark.sql(query)', []],
  ['CTE names', 'sql', 'WITH recent AS (SELECT * FROM main.s.orders), top AS (SELECT * FROM recent) SELECT * FROM top JOIN recent', [['table', 'main.s.orders', 'select', false, 'main.s.orders']]],
  ['table-valued functions', 'sql', "SELECT * FROM range(10) JOIN main.s.fn(1) JOIN read_files('s3://b/x')", []],
  ['FROM inside EXTRACT and IS DISTINCT FROM', 'sql', 'SELECT EXTRACT(YEAR FROM ts), a IS DISTINCT FROM b FROM main.s.t', [['table', 'main.s.t', 'select', false, 'main.s.t']]],
  ['information_schema and hive_metastore', 'sql', 'SELECT * FROM main.information_schema.tables JOIN information_schema.columns JOIN hive_metastore.default.t', []],
  ['DLT live tables', 'sql', 'CREATE OR REFRESH MATERIALIZED VIEW gold AS SELECT * FROM live.silver', []],
  ['temporary views', 'python', 'df.createOrReplaceTempView("staged")\nspark.sql("SELECT * FROM staged")', []],
  ['a volume path built from a variable', 'python', 'open(f"/Volumes/{catalog}/raw/files/a.csv")', []],
  ['a schema path is no volume', 'python', 'dbutils.fs.ls("/Volumes/main/raw")', []],
];

describe('finding Unity Catalog table and volume references', () => {
  for (const [what, language, text, expected] of TABLE) {
    it(what, () => {
      const found = findTableReferences(text, language);
      const lines = text.split('\n');
      assert.deepEqual(found.map((r) => [r.kind, r.fullName, r.action, r.partial === true, lines[r.line]?.slice(r.start, r.end)]), expected);
    });
  }

  it('knows the language by file name and editor language', () => {
    assert.deepEqual(['a.py', 'b.sql', 'c.scala', 'd.ipynb', 'e.yml'].map((f) => tableLanguageOf(f)), ['python', 'sql', 'scala', 'ipynb', undefined]);
    assert.equal(tableLanguageOf('Untitled-1', 'sql'), 'sql');
  });

  it('reads nothing above the id finder\'s size cap, and stops at the reference cap', () => {
    assert.deepEqual(findTableReferences(`SELECT * FROM main.a.b;${' '.repeat(MAX_REFERENCE_TEXT)}`, 'sql'), []);
    assert.equal(findTableReferences('SELECT * FROM main.a.b;\n'.repeat(50), 'sql', 10).length, 10);
  });

  it('stays linear on adversarial input', function () {
    this.timeout(60_000);
    const shapes: [TableSourceLanguage, (n: number) => string][] = [
      ['sql', (n) => 'SELECT * FROM '.repeat(n)],
      ['sql', (n) => `SELECT * FROM ${'a.'.repeat(n)}b`],
      ['sql', (n) => '/*'.repeat(n)],
      ['sql', (n) => `'${'\\\''.repeat(n)}`],
      ['sql', (n) => '${'.repeat(n)],
      ['sql', (n) => '(EXTRACT('.repeat(n)],
      ['python', (n) => 'spark.sql("'.repeat(n)],
      ['python', (n) => `spark.sql(${'"FROM a.b.c " '.repeat(n)})`],
      ['python', (n) => `open("/Volumes/a/b/c/${' '.repeat(n)}`],
      ['python', (n) => '(((('.repeat(n)],
      ['python', (n) => `f"${'{'.repeat(n)}`],
      ['python', (n) => `x ${'\n'.repeat(n)}.write.csv("/Volumes/a/b/c")`],
      ['scala', (n) => `s"${'$'.repeat(n)}`],
      ['python', (n) => `# Databricks notebook source\n${'# MAGIC %sql\n# MAGIC SELECT * FROM t\n'.repeat(n)}`],
      ['ipynb', (n) => ipynb(Array.from({ length: n }, () => ['%sql\n', 'SELECT * FROM main.a.b\n']))],
    ];
    const time = (text: string, language: TableSourceLanguage): number => {
      const start = performance.now();
      findTableReferences(text, language);
      return performance.now() - start;
    };
    for (const [language, make] of shapes) {
      const small = make(20_000);
      const large = make(80_000);
      // Warm up, then take the best of two: the ratio, not the absolute time, shows the growth.
      time(small, language);
      const t1 = Math.min(...[0, 1].map(() => time(small, language)));
      const t4 = Math.min(...[0, 1].map(() => time(large, language)));
      assert.ok(t4 < Math.max(t1, 20) * 10, `${language} ${small.slice(0, 24)}…: ${t1.toFixed(1)} ms for n, ${t4.toFixed(1)} ms for 4n`);
    }
  });
});
