using System.Runtime.CompilerServices;
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
    public Task<long?> CountAsync(IMigrationConnection? system, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(Directory.Exists(Folder) ? Files().LongCount() : 0);

    /// <inheritdoc />
    public async IAsyncEnumerable<UserDatabase> ListAsync(IMigrationConnection? system, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(Folder))
        {
            yield break;
        }

        foreach (string file in Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileNameWithoutExtension(file);
            string relative = Path.Combine(Folder, Path.GetFileName(file));
            yield return UserPaths.NameProblem(name) is string problem
                ? new UserDatabase(name, null, problem)
                : new UserDatabase(name, new DatabaseTarget(Scopes.User, name, relative), null);
        }
    }

    private IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Folder, Pattern, new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false })
            .Where(f => !f.EndsWith("-journal", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
