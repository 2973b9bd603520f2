using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The JSON reports, whole documents: their key order, names, enum words, left-out nulls, escaping and indentation are
/// what scripts and CI steps parse. The documents are named records written by generated serializer code
/// (Output/ReportJson.cs); these pin every byte, one run report each way and one inspection report, so that a renamed or
/// reordered property, or a changed option, shows here. Only the durations are normalised.
/// </summary>
[TestClass]
public sealed partial class JsonShapeTests
{
    [TestMethod]
    public void ApplyStatusAndRollbackWriteExactlyTheseDocuments()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", TheLedger);

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--format", "json");
        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        Assert.AreEqual(AppliedWithAFailure + "\n", WithoutDurations(apply.Out), apply.ToString());

        // The typo fixed, and the applied baseline block of the users edited: drift, and a pending step.
        dir.Write("MIGRATIONS.md", TheLedger.Replace("notes(titel)", "notes(title)", StringComparison.Ordinal).Replace("body TEXT NOT NULL", "body TEXT", StringComparison.Ordinal));
        ProcessResult status = LedgerProcess.Run(dir.Path, "status", "--format", "json");
        Assert.AreEqual(0, status.ExitCode, status.ToString());
        Assert.AreEqual(StatusWithDrift + "\n", status.Out, status.ToString());

        ProcessResult finish = LedgerProcess.Run(dir.Path, "apply", "--allow-drift");
        Assert.AreEqual(0, finish.ExitCode, finish.ToString());
        ProcessResult rollback = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.0.0", "--format", "json");
        Assert.AreEqual(0, rollback.ExitCode, rollback.ToString());
        Assert.AreEqual(RolledBack + "\n", WithoutDurations(rollback.Out), rollback.ToString());
    }

    private static string WithoutDurations(string json) => Durations().Replace(json, "\"durationMs\": 0");

    [GeneratedRegex("\"durationMs\": [0-9]+")]
    private static partial Regex Durations();

    private const string TheLedger = """
        # App

        ### Migration: baseline → 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        -- [user:baseline→1.0.0:end]
        ```

        ### Migration: 1.0.0 → 1.1.0

        **Description**: Titles

        ```sql
        -- [user:1.0.0→1.1.0:start]
        ALTER TABLE notes ADD COLUMN title TEXT;
        CREATE INDEX notes_title ON notes(titel);
        -- [user:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.0.0:start]
        DROP INDEX notes_title;
        ALTER TABLE notes DROP COLUMN title;
        -- [user:1.1.0→1.0.0:end]
        ```
        """;

    private const string AppliedWithAFailure = """
        {
          "target": "1.1.0",
          "exitCode": 1,
          "summary": {
            "migrated": 0,
            "current": 0,
            "failed": 1,
            "skipped": 0,
            "drift": 0,
            "ahead": 0,
            "notStarted": 0
          },
          "system": {
            "scope": "system",
            "name": "system",
            "path": "data/system.db",
            "outcome": "migrated",
            "from": "baseline",
            "to": "1.1.0",
            "steps": [
              {
                "from": "baseline",
                "to": "1.0.0",
                "kind": "applied",
                "durationMs": 0
              },
              {
                "from": "1.0.0",
                "to": "1.1.0",
                "kind": "empty",
                "durationMs": 0
              }
            ],
            "durationMs": 0
          },
          "users": [
            {
              "scope": "user",
              "name": "alice",
              "path": "data/users/alice.db",
              "outcome": "failed",
              "from": "baseline",
              "to": "1.0.0",
              "steps": [
                {
                  "from": "baseline",
                  "to": "1.0.0",
                  "kind": "applied",
                  "durationMs": 0
                }
              ],
              "failure": {
                "edge": "1.0.0\u21921.1.0",
                "statement": "CREATE INDEX notes_title ON notes(titel)",
                "file": "MIGRATIONS.md",
                "line": 25,
                "message": "SQLite Error 1: \u0027no such column: titel\u0027."
              },
              "message": "step 1.0.0\u21921.1.0 failed at MIGRATIONS.md:25: SQLite Error 1: \u0027no such column: titel\u0027. in: CREATE INDEX notes_title ON notes(titel)",
              "durationMs": 0
            }
          ],
          "scopes": [
            {
              "name": "system",
              "set": false,
              "engine": "sqlite",
              "database": {
                "scope": "system",
                "name": "system",
                "path": "data/system.db",
                "outcome": "migrated",
                "from": "baseline",
                "to": "1.1.0",
                "steps": [
                  {
                    "from": "baseline",
                    "to": "1.0.0",
                    "kind": "applied",
                    "durationMs": 0
                  },
                  {
                    "from": "1.0.0",
                    "to": "1.1.0",
                    "kind": "empty",
                    "durationMs": 0
                  }
                ],
                "durationMs": 0
              }
            },
            {
              "name": "user",
              "set": true,
              "engine": "sqlite",
              "summary": {
                "migrated": 0,
                "current": 0,
                "failed": 1,
                "skipped": 0,
                "drift": 0,
                "ahead": 0,
                "notStarted": 0
              }
            }
          ]
        }
        """;

    private const string StatusWithDrift = """
        {
          "target": "1.1.0",
          "exitCode": 0,
          "scopes": [
            {
              "name": "system",
              "set": false,
              "engine": "sqlite",
              "databases": 1
            },
            {
              "name": "user",
              "set": true,
              "engine": "sqlite",
              "databases": 1
            }
          ],
          "databases": [
            {
              "scope": "system",
              "name": "system",
              "path": "data/system.db",
              "exists": true,
              "version": "1.1.0",
              "status": "current",
              "pending": []
            },
            {
              "scope": "user",
              "name": "alice",
              "path": "data/users/alice.db",
              "exists": true,
              "version": "1.0.0",
              "status": "pending",
              "pending": [
                {
                  "from": "1.0.0",
                  "to": "1.1.0",
                  "kind": "applied",
                  "title": "Migration: 1.0.0 \u2192 1.1.0: Titles",
                  "checksum": "0855dbc42115d5d0e559d1344cafe2e9248ffa9d3b070f3f2f5a1fb1a12f5ef3"
                }
              ],
              "drift": [
                {
                  "from": "baseline",
                  "to": "1.0.0",
                  "recorded": "c1571ead9a90db4672d5abb72889b5f363acfef23c868fd4c84cc479f89fc1f5",
                  "expected": "836b5c376162fe6bc86ce241a4aa7c612ab939dc38448a276d15001bbdff09d4",
                  "message": "baseline\u21921.0.0: recorded checksum c1571ead9a90\u2026 differs from the ledger\u0027s 836b5c376162\u2026 (block at MIGRATIONS.md:13 was edited after it was applied)"
                }
              ]
            }
          ]
        }
        """;

    private const string RolledBack = """
        {
          "direction": "down",
          "target": "1.0.0",
          "exitCode": 0,
          "summary": {
            "migrated": 0,
            "rolledBack": 1,
            "current": 0,
            "failed": 0,
            "skipped": 0,
            "drift": 0,
            "ahead": 0,
            "notStarted": 0
          },
          "system": {
            "scope": "system",
            "name": "system",
            "path": "data/system.db",
            "outcome": "rolledBack",
            "from": "1.1.0",
            "to": "1.0.0",
            "steps": [
              {
                "from": "1.1.0",
                "to": "1.0.0",
                "kind": "empty",
                "durationMs": 0
              }
            ],
            "durationMs": 0
          },
          "users": [
            {
              "scope": "user",
              "name": "alice",
              "path": "data/users/alice.db",
              "outcome": "rolledBack",
              "from": "1.1.0",
              "to": "1.0.0",
              "steps": [
                {
                  "from": "1.1.0",
                  "to": "1.0.0",
                  "kind": "applied",
                  "durationMs": 0
                }
              ],
              "durationMs": 0
            }
          ],
          "scopes": [
            {
              "name": "system",
              "set": false,
              "engine": "sqlite",
              "database": {
                "scope": "system",
                "name": "system",
                "path": "data/system.db",
                "outcome": "rolledBack",
                "from": "1.1.0",
                "to": "1.0.0",
                "steps": [
                  {
                    "from": "1.1.0",
                    "to": "1.0.0",
                    "kind": "empty",
                    "durationMs": 0
                  }
                ],
                "durationMs": 0
              }
            },
            {
              "name": "user",
              "set": true,
              "engine": "sqlite",
              "summary": {
                "migrated": 0,
                "rolledBack": 1,
                "current": 0,
                "failed": 0,
                "skipped": 0,
                "drift": 0,
                "ahead": 0,
                "notStarted": 0
              }
            }
          ]
        }
        """;
}
