using System.Text.RegularExpressions;
using Ledger.Execution;
using Ledger.Targets;

namespace Ledger.Sqlite.Targets;

/// <summary>
/// A set's database path template such as <c>data/users/{user}.db</c> or <c>data/{shard}/{user}.db</c>: <c>{user}</c>
/// once, and any further placeholder filled from the query's column of that name. A member's path must stay in the
/// template's fixed folder (everything before the first segment holding a placeholder), and the folder may refuse it
/// (<see cref="UserFolder"/>: a symbolic link out of it, a link to nothing, a backup folder). The names and values are
/// checked before they get here (<see cref="MemberNames"/>); the fixed-folder test is a second guard.
/// </summary>
public static partial class PathTemplate
{
    /// <summary>The member's name in a template.</summary>
    public const string User = "{user}";

    /// <summary>What is wrong with a set's template, or null: it must hold <c>{user}</c> exactly once.</summary>
    public static string? Problem(string template) =>
        template.Split(User).Length != 2 ? $"'{template}' must contain {User} exactly once" : null;

    /// <summary>The placeholders a template uses besides <c>{user}</c>, each once, in order.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(p => p != "user").Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>True when a location holds a placeholder (<c>{name}</c>).</summary>
    public static bool HasPlaceholder(string location) => Placeholder().IsMatch(location);

    /// <summary>Resolves a member's database path, or says why its path is refused.</summary>
    /// <param name="scope">The set's scope, which the target carries.</param>
    /// <param name="name">The member's name (checked already, or checked here when <paramref name="placeholders"/> is null).</param>
    /// <param name="template">The path template.</param>
    /// <param name="placeholders">Values for the template's further placeholders (checked already), or null when it has none.</param>
    /// <param name="folder">The template's folder with its rules (made once per set); null for the default rules.</param>
    public static UserDatabase Resolve(string scope, string name, string template, IReadOnlyDictionary<string, string>? placeholders = null,
        UserFolder? folder = null)
    {
        if (MemberNames.NameProblem(name, scope) is string problem)
        {
            return new UserDatabase(name, null, problem);
        }

        string path = template.Replace(User, name, StringComparison.Ordinal);
        foreach ((string placeholder, string value) in placeholders ?? new Dictionary<string, string>())
        {
            path = path.Replace("{" + placeholder + "}", value, StringComparison.Ordinal);
        }

        string root = Path.GetFullPath(Root(template));
        string full = Path.GetFullPath(path);
        string rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            return new UserDatabase(name, null, $"{MemberNames.Noun(scope)} '{MemberNames.Printable(name)}' is rejected: it would resolve outside {root}");
        }

        folder ??= new UserFolder(Root(template));
        if (folder.Problem(path[RootLength(template)..], path) is string refused)
        {
            return new UserDatabase(name, null, refused);
        }

        return new UserDatabase(name, new DatabaseTarget(scope, name, path), null);
    }

    /// <summary>The fixed folder a template's paths must stay in: everything before the segment holding the first placeholder.</summary>
    public static string Root(string template)
    {
        int length = RootLength(template);
        return length == 0 ? "." : template[..length];
    }

    /// <summary>How many characters of the template are its fixed folder (0 when it has none).</summary>
    private static int RootLength(string template)
    {
        Match first = Placeholder().Match(template);
        string before = first.Success ? template[..first.Index] : template;
        return before.LastIndexOfAny(['/', '\\']) + 1;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
