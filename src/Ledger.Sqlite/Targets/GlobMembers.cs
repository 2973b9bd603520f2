using Ledger.Targets;

namespace Ledger.Sqlite.Targets;

/// <summary>
/// The members of a set found by a glob such as <c>data/cache/*.db</c>: the wildcards <c>*</c> and <c>?</c> apply to
/// the file name; a member's name is the file name without its extension, held to the rule for names
/// (<see cref="MemberNames.NameProblem"/>). Files are listed in name order; SQLite's own side files (<c>-journal</c>,
/// <c>-wal</c>, <c>-shm</c>) are not databases. A file the folder refuses (<see cref="UserFolder"/>: a symbolic link
/// out of the folder, or into a backup folder) is a rejected member.
/// </summary>
/// <param name="scope">The set's scope, which every target carries.</param>
/// <param name="glob">A folder and a file-name pattern.</param>
/// <param name="rules">What the folder may hold (links, backups); null for the defaults.</param>
public sealed class GlobMembers(string scope, string glob, UserFolderRules? rules = null) : IMemberResolver
{
    private static readonly string[] SideFiles = ["-journal", "-wal", "-shm"];

    private readonly UserFolder _folder = new(FolderOf(glob), rules);

    private string Folder { get; } = FolderOf(glob);

    /// <inheritdoc />
    public IReadOnlyList<string> Placeholders => [];

    /// <inheritdoc />
    /// <remarks>The keys are file names (<c>alice.db</c>).</remarks>
    public IReadOnlyList<string> Discover(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Folder, Path.GetFileName(glob), new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SideFiles.Any(side => file.EndsWith(side, StringComparison.Ordinal))) files.Add(Path.GetFileName(file));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <inheritdoc />
    public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders)
    {
        string name = Path.GetFileNameWithoutExtension(key);
        string relative = Path.Combine(Folder, key);
        return (MemberNames.NameProblem(name, scope) ?? _folder.Problem(key, relative)) is string problem
            ? new UserDatabase(name, null, problem)
            : new UserDatabase(name, new Execution.DatabaseTarget(scope, name, relative), null);
    }

    /// <summary>The folder part of a glob (<c>.</c> when it has none): the folder whose files it lists.</summary>
    public static string FolderOf(string glob) => Path.GetDirectoryName(glob) is { Length: > 0 } dir ? dir : ".";
}
