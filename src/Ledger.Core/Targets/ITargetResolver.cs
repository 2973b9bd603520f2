using Ledger.Execution;
using Ledger.Scoping;

namespace Ledger.Targets;

/// <summary>
/// How an engine turns a scope's settings into databases: the one database of a scope, a set member's location from
/// the set's template and placeholders, and the members of a set found by pattern. Core decides which members a query
/// returns and checks every name and placeholder value (<see cref="MemberNames"/>) before the resolver sees it; the
/// resolver knows what a location is (a file path for SQLite) and what else makes one unusable (a link out of the
/// set's folder, a backup folder). Whether a database exists, and creating one, stay on <see cref="IDatabaseEngine"/>.
/// </summary>
public interface ITargetResolver
{
    /// <summary>
    /// The scope with its locations read relative to <paramref name="directory"/> (the folder of the configuration file
    /// that declares it), for engines whose locations are paths; other engines return it as it is.
    /// </summary>
    ScopeDefinition Anchored(ScopeDefinition scope, string directory);

    /// <summary>
    /// What is wrong with a scope's location settings as this engine reads them (a template without <c>{user}</c>, a
    /// placeholder in a single database's location, a glob this engine cannot read…); empty when they are sound.
    /// Asked before any database is opened; <see cref="ScopeLayout.ProblemsBySetting"/> has already checked the layout's shape.
    /// </summary>
    IReadOnlyList<LocationProblem> Problems(ScopeDefinition scope);

    /// <summary>
    /// Why a set's members cannot be looked for where they are when backups go to <paramref name="backupDirectory"/>
    /// (null: the engine's default place), or null: backups there would be taken for members and migrated.
    /// </summary>
    BackupClash? BackupClash(ScopeDefinition set, string? backupDirectory);

    /// <summary>The one database of a single-database scope.</summary>
    DatabaseTarget One(ScopeDefinition scope);

    /// <summary>Resolves the members of a set (made once per listing).</summary>
    /// <param name="set">A set of databases (<see cref="ScopeDefinition.IsSet"/>).</param>
    /// <param name="backupDirectory">Where backups go (never a member), or null for the engine's default place.</param>
    IMemberResolver Members(ScopeDefinition set, string? backupDirectory);
}

/// <summary>The members of one set: found by pattern, or named by a query and placed by the set's template.</summary>
public interface IMemberResolver
{
    /// <summary>
    /// The placeholders the set's template uses besides <c>{user}</c>, each filled from the query's column of that name
    /// (empty for a set found by pattern). Only these columns are kept and checked.
    /// </summary>
    IReadOnlyList<string> Placeholders { get; }

    /// <summary>The members of a set found by pattern, one key each, in order (empty when the place does not exist).</summary>
    /// <exception cref="IOException">The place cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The place may not be listed.</exception>
    IReadOnlyList<string> Discover(CancellationToken cancellationToken);

    /// <summary>A member's database, or why it is refused.</summary>
    /// <param name="key">For a set found by query: the user name, already checked. For a set found by pattern: a key <see cref="Discover"/> gave (the resolver derives and checks the name).</param>
    /// <param name="placeholders">The values of <see cref="Placeholders"/>, already checked; null for a set found by pattern.</param>
    UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders);
}

/// <summary>A problem with one location setting of a scope.</summary>
/// <param name="Setting">The setting, as ledger.json spells it inside a scope: <c>database</c>, <c>glob</c>.</param>
/// <param name="Message">What is wrong, without the setting's name.</param>
public sealed record LocationProblem(string Setting, string Message);

/// <summary>A set whose members would be looked for among the backups.</summary>
/// <param name="Setting">The setting that says where the members are (<c>database</c>, <c>glob</c>).</param>
/// <param name="Place">Where the members are looked for.</param>
/// <param name="Overlap">How that place overlaps the backups (<c>it is inside the backup folder …</c>).</param>
public sealed record BackupClash(string Setting, string Place, string Overlap);
