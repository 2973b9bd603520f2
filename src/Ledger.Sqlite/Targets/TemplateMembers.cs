using Ledger.Targets;

namespace Ledger.Sqlite.Targets;

/// <summary>The members of a set named by a query: each placed by the set's path template (<see cref="PathTemplate"/>).</summary>
/// <param name="scope">The set's scope, which every target carries.</param>
/// <param name="template">The path template, holding <c>{user}</c> once.</param>
/// <param name="rules">What the template's folder may hold (links, backups); null for the defaults.</param>
public sealed class TemplateMembers(string scope, string template, UserFolderRules? rules = null) : IMemberResolver
{
    private readonly UserFolder _folder = new(PathTemplate.Root(template), rules);

    /// <inheritdoc />
    public IReadOnlyList<string> Placeholders { get; } = PathTemplate.Placeholders(template);

    /// <inheritdoc />
    /// <remarks>A set named by a query discovers nothing: its members are the query's rows.</remarks>
    public IReadOnlyList<string> Discover(CancellationToken cancellationToken) => [];

    /// <inheritdoc />
    public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders) =>
        PathTemplate.Resolve(scope, key, template, placeholders, _folder);
}
