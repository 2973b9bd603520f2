using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger init</c>: start a ledger in the working directory.</summary>
[Verb("init", HelpText = "Start a ledger here: write a commented ledger.json (one SQLite database, data/system.db) and a MIGRATIONS.md with no steps yet. Never overwrites either file.")]
public sealed class InitVerbOptions : CommonOptions;
