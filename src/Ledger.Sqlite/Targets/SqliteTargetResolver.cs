using Ledger.Execution;
using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Sqlite.Targets;

/// <summary>
/// Where SQLite databases are: files. A scope's one database is a path; a set named by a query places its members by a
/// path template (<see cref="PathTemplate"/>); a set found by a glob lists a folder (<see cref="GlobMembers"/>). Every
/// member's path is checked against its folder's rules (<see cref="UserFolder"/>: links out of it, backups).
/// </summary>
public sealed class SqliteTargetResolver : ITargetResolver
{
    /// <inheritdoc />
    /// <remarks>A database path, template or glob is relative to the folder of the file that declares it.</remarks>
    public ScopeDefinition Anchored(ScopeDefinition scope, string directory) => scope with
    {
        Database = scope.Database is null ? null : Path.GetFullPath(scope.Database, directory),
        Glob = scope.Glob is null ? null : Path.GetFullPath(scope.Glob, directory),
    };

    /// <inheritdoc />
    public IReadOnlyList<LocationProblem> Problems(ScopeDefinition scope)
    {
        var problems = new List<LocationProblem>();
        if (scope.Schema is not null)
        {
            problems.Add(new LocationProblem("schema", "SQLite has no schemas: 'schema' is for PostgreSQL scopes (\"engine\": \"postgres\")"));
        }

        if (!scope.IsSet && scope.Database is string database && PathTemplate.HasPlaceholder(database))
        {
            problems.Add(new LocationProblem("database",
                $"'{database}' holds a placeholder, but scope {scope.Name} is one database (a set needs 'query' and 'from', or 'glob')"));
        }

        if (scope.Query is not null && scope.Database is string template && PathTemplate.Problem(template) is string problem)
        {
            problems.Add(new LocationProblem("database", problem));
        }

        if (scope.Glob is string glob && PathTemplate.HasPlaceholder(glob))
        {
            problems.Add(new LocationProblem("glob", $"'{glob}' holds a placeholder; a glob names its members by their file names (use * and ?)"));
        }

        return problems;
    }

    /// <inheritdoc />
    public BackupClash? BackupClash(ScopeDefinition set, string? backupDirectory)
    {
        (string setting, string? folder) = set.Glob is not null ? ("glob", GlobMembers.FolderOf(set.Glob))
            : set.Database is not null ? ("database", PathTemplate.Root(set.Database)) : ("", null);
        return folder is not null && UserFolder.BackupOverlap(folder, backupDirectory) is string overlap
            ? new BackupClash(setting, folder, overlap)
            : null;
    }

    /// <inheritdoc />
    public DatabaseTarget One(ScopeDefinition scope) =>
        DatabaseTarget.Single(scope.Name, scope.Database ?? throw new ArgumentException($"scope {scope.Name} has no database", nameof(scope)));

    /// <inheritdoc />
    public IMemberResolver Members(ScopeDefinition set, string? backupDirectory)
    {
        var rules = new UserFolderRules { AllowSymlinksOutside = set.AllowSymlinksOutside, BackupDirectory = backupDirectory, Scope = set.Name };
        return set.Glob is not null ? new GlobMembers(set.Name, set.Glob, rules)
            : set.Database is not null ? new TemplateMembers(set.Name, set.Database, rules)
            : throw new ArgumentException($"scope {set.Name} is not a set", nameof(set));
    }
}
