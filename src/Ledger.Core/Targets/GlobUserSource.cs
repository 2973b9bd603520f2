using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// Users from a glob such as <c>data/users/*.db</c> (<c>users.glob</c>): the wildcards <c>*</c> and <c>?</c> apply to
/// the file name; the user name is the file name without its extension, held to the same rule as any user name
/// (<see cref="UserPaths.NameProblem"/>). Files are listed in name order. A file that the folder refuses
/// (<see cref="UserFolder"/>: a symbolic link out of the folder, or into a backup folder) is a rejected user.
/// </summary>
/// <param name="glob">A folder and a file-name pattern.</param>
/// <param name="rules">What the folder may hold (links, backups); null for the defaults.</param>
public sealed class GlobUserSource(string glob, UserFolderRules? rules = null) : IUserSource
{
    private readonly UserFolder _folder = new(FolderOf(glob), rules);

    private string Folder { get; } = FolderOf(glob);

    private string Pattern => Path.GetFileName(glob);

    /// <inheritdoc />
    public bool ReadsSystemDatabase => false;

    /// <inheritdoc />
    public Task<UserList> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return Task.FromResult(UserList.Empty);
        }

        var files = new List<string>();
        foreach (string file in Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add(Path.GetFileName(file));
        }

        return Task.FromResult(new UserList(files, User));
    }

    /// <summary>The user a listed file stands for: its stem as the name, or why that name is rejected.</summary>
    private UserDatabase User(string fileName)
    {
        string name = Path.GetFileNameWithoutExtension(fileName);
        string relative = Path.Combine(Folder, fileName);
        return (UserPaths.NameProblem(name) ?? _folder.Problem(fileName, relative)) is string problem
            ? new UserDatabase(name, null, problem)
            : new UserDatabase(name, new DatabaseTarget(Scopes.User, name, relative), null);
    }

    /// <summary>The folder part of a glob (<c>.</c> when it has none): the folder whose files it lists.</summary>
    public static string FolderOf(string glob) => Path.GetDirectoryName(glob) is { Length: > 0 } dir ? dir : ".";

    private IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Folder, Pattern, new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false })
            .Where(f => !f.EndsWith("-journal", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
