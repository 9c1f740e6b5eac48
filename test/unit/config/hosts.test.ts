import * as assert from 'node:assert/strict';
import { HostError, isAzureDatabricksHost, isDatabricksHost, mayReceiveTokens, normalizeHost } from '../../../src/core/config';

describe('workspace hosts', () => {
  const cases: Array<[string, string]> = [
    ['https://adb-1234567890123456.7.azuredatabricks.net', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['https://adb-1234567890123456.7.azuredatabricks.net/', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['adb-1.2.azuredatabricks.net', 'https://adb-1.2.azuredatabricks.net'],
    ['https://dbc-a1b2c3.cloud.databricks.com/?o=1234567890', 'https://dbc-a1b2c3.cloud.databricks.com'],
    ['  https://127.0.0.1:8443  ', 'https://127.0.0.1:8443'],
    ['HTTPS://ADB-1.2.AzureDatabricks.NET', 'https://adb-1.2.azuredatabricks.net'],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${JSON.stringify(input)}`, () => assert.equal(normalizeHost(input), expected));
  }

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['http://adb-1.2.azuredatabricks.net', /https/],
    ['https://user:pw@adb-1.2.azuredatabricks.net', /user name or password/],
    ['https://adb-1.2.azuredatabricks.net/api/2.0', /has a path/],
    ['https://exa mple.com', /not a URL/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} with a message that says what to do`, () => {
      assert.throws(() => normalizeHost(input), (error: unknown) => error instanceof HostError && message.test(error.message));
    });
  }

  it('recognises Azure, AWS and GCP Databricks domains and nothing else', () => {
    assert.ok(isAzureDatabricksHost('https://adb-1.2.azuredatabricks.net'));
    assert.ok(isAzureDatabricksHost('https://adb-1.2.databricks.azure.us'));
    assert.ok(isAzureDatabricksHost('https://adb-1.2.databricks.azure.cn'));
    assert.ok(!isAzureDatabricksHost('https://dbc-1.cloud.databricks.com'));
    assert.ok(isDatabricksHost('https://dbc-1.cloud.databricks.com'));
    assert.ok(isDatabricksHost('https://1234.5.gcp.databricks.com'));
    assert.ok(!isDatabricksHost('https://azuredatabricks.net.evil.example'));
    assert.ok(!isDatabricksHost('https://evilazuredatabricks.net'));
  });

  it('sends tokens only to Databricks domains or hosts the user trusted', () => {
    assert.ok(mayReceiveTokens('https://adb-1.2.azuredatabricks.net', []));
    assert.ok(!mayReceiveTokens('https://127.0.0.1:8443', []));
    assert.ok(mayReceiveTokens('https://127.0.0.1:8443', ['https://127.0.0.1:8443']));
  });
});
