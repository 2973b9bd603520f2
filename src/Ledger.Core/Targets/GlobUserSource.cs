using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// Users from a glob such as <c>data/users/*.db</c> (<c>users.glob</c>): the wildcards <c>*</c> and <c>?</c> apply to
/// the file name; the user name is the file name without its extension, held to the same rule as any user name
/// (<see cref="UserPaths.NameProblem"/>). Files are listed in name order.
/// </summary>
/// <param name="glob">A folder and a file-name pattern.</param>
public sealed class GlobUserSource(string glob) : IUserSource
{
    private string Folder => Path.GetDirectoryName(glob) is { Length: > 0 } dir ? dir : ".";

    private string Pattern => Path.GetFileName(glob);

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
        return UserPaths.NameProblem(name) is string problem
            ? new UserDatabase(name, null, problem)
            : new UserDatabase(name, new DatabaseTarget(Scopes.User, name, relative), null);
    }

    private IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Folder, Pattern, new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false })
            .Where(f => !f.EndsWith("-journal", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
