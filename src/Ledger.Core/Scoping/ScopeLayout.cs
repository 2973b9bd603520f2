using System.Collections;
using System.Text.RegularExpressions;
using Ledger.Model;

namespace Ledger.Scoping;

/// <summary>
/// The scopes of an application, in the order they are applied (rollback: the reverse). Made from <c>ledger.json</c>'s
/// <c>scopes</c>, or from the legacy <c>system</c> + <c>users</c> settings by <see cref="Legacy"/>. Plain data.
/// </summary>
public sealed partial class ScopeLayout : IReadOnlyList<ScopeDefinition>
{
    private readonly IReadOnlyList<ScopeDefinition> _scopes;

    /// <summary>Creates a layout; check it with <see cref="ProblemsBySetting"/>.</summary>
    public ScopeLayout(IEnumerable<ScopeDefinition> scopes)
    {
        _scopes = scopes.ToArray();
        Whole = this;
    }

    private ScopeLayout(IEnumerable<ScopeDefinition> scopes, ScopeLayout whole)
    {
        _scopes = scopes.ToArray();
        Whole = whole;
    }

    /// <summary>
    /// The layout this one was chosen from by <see cref="Only"/> (itself when it was not): where a chosen set finds
    /// the scope its query runs on when that scope was not chosen (it is then only read, to list the set).
    /// </summary>
    public ScopeLayout Whole { get; }

    /// <summary>The scopes tags may use when none are declared: <c>system</c> and <c>user</c>, with no databases.</summary>
    public static ScopeLayout Default { get; } = new([new ScopeDefinition(Scopes.System), new ScopeDefinition(Scopes.User)]);

    /// <summary>
    /// The legacy settings as scopes: <c>{ "system": { "database": system }, "user": { "from": "system", "query": …,
    /// "database": path } }</c>, or a glob for <c>user</c>. A scope without a database is left out.
    /// </summary>
    public static ScopeLayout Legacy(string? system, string? usersQuery, string? usersPath, string? usersGlob, bool createMissing = false,
        bool allowSymlinksOutside = false)
    {
        var scopes = new List<ScopeDefinition>();
        if (system is not null) scopes.Add(new ScopeDefinition(Scopes.System) { Database = system });
        if (usersGlob is not null || usersQuery is not null)
        {
            scopes.Add(new ScopeDefinition(Scopes.User)
            {
                From = usersQuery is null ? null : Scopes.System,
                Query = usersQuery,
                Database = usersQuery is null ? null : usersPath,
                Glob = usersGlob,
                CreateMissing = createMissing,
                AllowSymlinksOutside = allowSymlinksOutside,
            });
        }

        return new ScopeLayout(scopes);
    }

    /// <summary>The scopes' names, in order.</summary>
    public IReadOnlyList<string> Names => _scopes.Select(s => s.Name).ToArray();

    /// <summary>The engine of each scope, by name; a scope that names none has <paramref name="defaultEngine"/> (for <see cref="Linting.LintOptions.ScopeEngines"/>).</summary>
    public IReadOnlyDictionary<string, string> EnginesByScope(string defaultEngine) =>
        _scopes.ToDictionary(s => s.Name, s => s.Engine ?? defaultEngine, StringComparer.Ordinal);

    /// <summary>The scope of that name, or null.</summary>
    public ScopeDefinition? Find(string name) => _scopes.FirstOrDefault(s => s.Name == name);

    /// <summary>The scopes named (in the layout's order), for <c>--scope</c>; unknown names are the caller's to refuse.</summary>
    public ScopeLayout Only(IReadOnlyCollection<string> names) => names.Count == 0 ? this : new ScopeLayout(_scopes.Where(s => names.Contains(s.Name)), Whole);

    /// <summary>What is wrong with the layout's shape, each naming its scope and setting (empty when it is sound).</summary>
    public IReadOnlyList<ScopeProblem> ProblemsBySetting()
    {
        var problems = new List<ScopeProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ScopeDefinition s in _scopes)
        {
            void Add(string? setting, string message) => problems.Add(new ScopeProblem(s.Name, setting, message));
            if (!ValidName().IsMatch(s.Name)) Add(null, "a scope name must match [a-z][a-z0-9_-]* (it is used in tags)");
            if (!seen.Add(s.Name)) Add(null, "declared twice");
            if (s.Glob is not null && (s.Query is not null || s.Database is not null))
                Add("glob", "give either 'glob', or 'database' (with 'query' and 'from' for a set), not both");
            else if (s.Glob is null && s.Database is null)
                Add(null, "needs 'database' (one database, or a template with {user} for a set found by 'query') or 'glob'");
            if (s.Query is not null && s.From is null) Add("query", "'query' needs 'from', the earlier scope whose database it runs on");
            if (s.From is not null && s.Query is null) Add("from", "'from' is only for a set found by 'query'");
            if (s.From is not null && s.Query is not null)
            {
                ScopeDefinition? from = _scopes.TakeWhile(x => !ReferenceEquals(x, s)).FirstOrDefault(x => x.Name == s.From);
                if (from is null)
                {
                    string? close = Text.EditDistance.Closest(s.From, _scopes.TakeWhile(x => !ReferenceEquals(x, s)).Select(x => x.Name));
                    Add("from", $"names '{s.From}', which is not a scope declared before it" + (close is null ? "" : $"; did you mean '{close}'?"));
                }
                else if (from.IsSet) Add("from", $"names '{s.From}', a set of databases; a query runs on one database");
            }
        }

        return problems;
    }

    /// <summary>
    /// The scope names among <paramref name="names"/> that the layout does not declare, each with the closest declared
    /// name when one is near (for <c>--scope</c>).
    /// </summary>
    public IReadOnlyList<(string Name, string? Closest)> Unknown(IEnumerable<string> names) =>
        names.Where(n => Find(n) is null).Distinct().Select(n => (n, Text.EditDistance.Closest(n, Names))).ToArray();

    /// <inheritdoc />
    public int Count => _scopes.Count;

    /// <inheritdoc />
    public ScopeDefinition this[int index] => _scopes[index];

    /// <inheritdoc />
    public IEnumerator<ScopeDefinition> GetEnumerator() => _scopes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [GeneratedRegex("^[a-z][a-z0-9_-]*\\z")]
    private static partial Regex ValidName();
}
