using System.Globalization;
using System.Runtime.CompilerServices;
using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>
/// Users from a query on the system database (<c>users.query</c>, e.g. <c>SELECT username FROM users</c>), with
/// paths from a template (<c>users.path</c>). NULLs are rejected, numbers become their decimal text, duplicates are
/// listed once.
/// </summary>
/// <param name="query">Returns one column of user names.</param>
/// <param name="pathTemplate">Holds <c>{user}</c> once.</param>
/// <param name="rules">What the template's folder may hold (links, backups); null for the defaults.</param>
public sealed class QueryUserSource(string query, string pathTemplate, UserFolderRules? rules = null) : IUserSource
{
    private readonly UserFolder _folder = new(UserPaths.TemplateRoot(pathTemplate), rules);

    /// <inheritdoc />
    public async Task<long?> CountAsync(IMigrationConnection? system, CancellationToken cancellationToken)
    {
        if (system is null) return 0;
        try
        {
            await foreach (object? value in system.QueryColumnAsync($"SELECT COUNT(*) FROM ({query.TrimEnd().TrimEnd(';')})", cancellationToken))
            {
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
        }
        catch (System.Data.Common.DbException)
        {
            // The listing itself reports the query's error.
        }

        return null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UserDatabase> ListAsync(IMigrationConnection? system, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (system is null)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (object? value in system.QueryColumnAsync(query, cancellationToken))
        {
            string? name = value switch
            {
                null or DBNull => null,
                string s => s,
                byte[] => null,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (name is null)
            {
                yield return new UserDatabase("(null)", null, $"the users query returned {(value is byte[] ? "a blob" : "NULL")} instead of a user name");
                continue;
            }

            if (!seen.Add(name))
            {
                continue;
            }

            yield return UserPaths.Resolve(name, pathTemplate, _folder);
        }
    }
}
