using System.Text.Json.Serialization;
using Ledger.Diagnostics;

namespace Ledger.Cli.Configuration;

/// <summary>Lint settings: the SQL check and severities per rule code.</summary>
public sealed record LintConfig
{
    /// <summary>Replay the SQL on an in-memory SQLite database (LDG022, LDG023).</summary>
    public bool SqlCheck { get; set; } = true;

    /// <summary>
    /// A connection string to a development PostgreSQL server: the blocks of the PostgreSQL scopes are replayed in a scratch
    /// database created and dropped there for each lint (LDG022, LDG028). <c>lint --dev-database</c> overrides it.
    /// </summary>
    public string? DevDatabase { get; set; }

    /// <summary>
    /// A step with SQL and no down block is an error (LDG027), as with <c>lint --require-down</c>. A lint setting only:
    /// <c>apply</c> is not stopped by it, and <c>rollback</c> refuses on its own when it would need a missing down block.
    /// </summary>
    public bool RequireDown { get; set; }

    /// <summary>Severity per code as written: <c>error</c>, <c>warning</c>, <c>info</c> or <c>off</c>.</summary>
    public Dictionary<string, string> Severity { get; set; } = [];

    /// <summary><see cref="Severity"/> checked and read (codes upper-cased; null turns a rule off). Filled by the loader.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Severity?> SeverityOverrides { get; set; } = new Dictionary<string, Severity?>();
}
