using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Execution;
using Ledger.Scoping;

namespace Ledger.Cli.Configuration;

/// <summary>
/// The settings of <c>ledger.json</c> (camelCase; comments and trailing commas allowed), after flags override them.
/// Paths are absolute once loaded: a path in the file is relative to the file's directory, a flag's to the
/// working directory.
/// </summary>
public sealed record LedgerConfig
{
    /// <summary>The ledger file, or null for <c>MIGRATIONS.md</c> in the working directory.</summary>
    public string? Ledger { get; set; }

    /// <summary>
    /// The scopes, in the order they are applied (read in that order by <see cref="ScopesReader"/> into
    /// <see cref="DeclaredScopes"/>); null when the legacy <see cref="System"/> and <see cref="Users"/> describe them.
    /// </summary>
    public JsonElement? Scopes { get; set; }

    /// <summary>The system database (legacy shorthand for a scope <c>system</c>).</summary>
    public string? System { get; set; }

    /// <summary>How to find the user databases (legacy shorthand for a scope <c>user</c> listed by <c>system</c>).</summary>
    public UsersConfig Users { get; set; } = new();

    /// <summary>User databases migrated at once; 0 means one per processor.</summary>
    /// <remarks>
    /// Checked as it is read, with the flag's rule: a <see cref="JsonException"/> thrown here gets the setting's path
    /// and line from the serializer, so the message points into ledger.json.
    /// </remarks>
    public int Parallel
    {
        get;
        set => field = ApplyOptions.ParallelismProblem(value) is string problem ? throw new JsonException(problem) : value;
    }

    /// <summary>How long to wait for a locked database, in milliseconds.</summary>
    public int BusyTimeoutMs { get; set; } = 30000;

    /// <summary>Backups before the first change to a database.</summary>
    public BackupConfig Backup { get; set; } = new();

    /// <summary>Lint settings.</summary>
    public LintConfig Lint { get; set; } = new();

    /// <summary><see cref="Scopes"/> as read, in order, locations as written (relative to <see cref="SourcePath"/>'s folder); null when none are declared.</summary>
    [JsonIgnore]
    public ScopeLayout? DeclaredScopes { get; set; }

    /// <summary>The line of each setting of <see cref="Scopes"/> (<c>scopes.user.database</c> → 7), for messages.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, int> Lines { get; set; } = new Dictionary<string, int>();

    /// <summary>
    /// The scopes tags may use: the declared ones, or <c>system</c> and <c>user</c> when none are declared (whichever of
    /// the legacy settings are given). What every verb lints the ledger against (<see cref="Linting.LintOptions.For"/>).
    /// </summary>
    [JsonIgnore]
    public ScopeLayout TagScopes => DeclaredScopes ?? ScopeLayout.Default;

    /// <summary>The names of <see cref="TagScopes"/>, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ScopeNames => TagScopes.Names;

    /// <summary>The file these settings came from, or null when no file was read.</summary>
    [JsonIgnore]
    public string? SourcePath { get; set; }
}
