using System.Globalization;
using Ledger.Execution;

namespace Ledger.Targets;

/// <summary>
/// Users from a query on the system database (<c>users.query</c>, e.g. <c>SELECT username FROM users</c>), with
/// paths from a template (<c>users.path</c>). NULLs are rejected, numbers become their decimal text, duplicates are
/// listed once. The names are read whole, in the query's one read transaction, before any user database is touched.
/// </summary>
/// <param name="query">Returns one column of user names.</param>
/// <param name="pathTemplate">Holds <c>{user}</c> once.</param>
/// <param name="rules">What the template's folder may hold (links, backups); null for the defaults.</param>
public sealed class QueryUserSource(string query, string pathTemplate, UserFolderRules? rules = null) : IUserSource
{
    private readonly UserFolder _folder = new(UserPaths.TemplateRoot(pathTemplate), rules);

    /// <inheritdoc />
    public bool ReadsSystemDatabase => true;

    /// <inheritdoc />
    public async Task<UserList> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken)
    {
        if (system is null)
        {
            return UserList.Empty;
        }

        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<UserDatabase>();
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
                rejected.Add(new UserDatabase("(null)", null, $"the users query returned {(value is byte[] ? "a blob" : "NULL")} instead of a user name"));
            }
            else if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        return new UserList(names, name => UserPaths.Resolve(name, pathTemplate, _folder), rejected);
    }
}
