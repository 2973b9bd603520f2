using System.Globalization;
using Ledger.Execution;
using Ledger.Model;

namespace Ledger.Targets;

/// <summary>
/// The members of a set named by a query on an earlier scope's database (<c>SELECT username FROM users</c>): the first
/// column is the name (<c>{user}</c>); a further column is the placeholder of its name (<c>{shard}</c>), kept only when
/// the set's template uses it. NULLs are rejected, numbers become their decimal text, a name returned twice is listed
/// once. The rows are read whole, in the query's one read transaction, before any member is touched; every name and
/// placeholder value is checked (<see cref="MemberNames"/>) before the engine makes it a location.
/// </summary>
/// <param name="query">Returns the members.</param>
/// <param name="members">The set's resolver (its template).</param>
/// <param name="scope">The set's scope, for messages.</param>
public sealed class QueryUserSource(string query, IMemberResolver members, string scope = Scopes.User) : IUserSource
{
    /// <inheritdoc />
    public bool ReadsSystemDatabase => true;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The template uses a placeholder the query returns no column for.</exception>
    public async Task<UserList> ListAsync(IMigrationConnection? system, CancellationToken cancellationToken)
    {
        if (system is null)
        {
            return UserList.Empty;
        }

        IReadOnlyList<string> placeholders = members.Placeholders;
        var names = new List<string>();
        // One value per placeholder per member, in a flat list; nothing when the template uses only {user}.
        var values = new List<string?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<UserDatabase>();
        int[] columns = [];
        // Only the name and the template's placeholder columns are read: the others may be of any type.
        await foreach (QueryRow row in system.QueryAsync(query, names => columns = ColumnsOf(names, placeholders), cancellationToken))
        {
            object? value = row.Values.Count > 0 ? row.Values[0] : null;
            if (Text(value) is not string name)
            {
                rejected.Add(new UserDatabase("(null)", null, $"the {scope} query returned {(value is byte[] ? "a blob" : "NULL")} instead of a {MemberNames.Noun(scope)}"));
            }
            else if (seen.Add(name))
            {
                names.Add(name);
                foreach (int column in columns) values.Add(Text(row.Values[column]));
            }
        }

        return placeholders.Count == 0
            ? new UserList(names, ResolveName, rejected)
            : new UserList(names, placeholders.Count, values.ToArray(), ResolveWith, rejected);

        UserDatabase ResolveName(string name) => ResolveWith(name, ReadOnlySpan<string?>.Empty);

        UserDatabase ResolveWith(string name, ReadOnlySpan<string?> own)
        {
            if (MemberNames.NameProblem(name, scope) is string problem)
            {
                return new UserDatabase(name, null, problem);
            }

            Dictionary<string, string>? filled = own.Length == 0 ? null : new(StringComparer.Ordinal);
            for (int i = 0; i < own.Length; i++)
            {
                string placeholder = placeholders[i];
                if (own[i] is not string v)
                {
                    return new UserDatabase(name, null, $"{scope} '{MemberNames.Printable(name)}': the {scope} query returned NULL (or a blob) for {{{placeholder}}}");
                }

                if (MemberNames.PlaceholderProblem(name, placeholder, v, scope) is string refused)
                {
                    return new UserDatabase(name, null, refused);
                }

                filled![placeholder] = v;
            }

            return members.Resolve(name, filled);
        }
    }

    /// <summary>The column of each placeholder (by name, ignoring case; never the first column, the name).</summary>
    private int[] ColumnsOf(IReadOnlyList<string> columns, IReadOnlyList<string> placeholders)
    {
        var found = new int[placeholders.Count];
        for (int p = 0; p < placeholders.Count; p++)
        {
            found[p] = -1;
            for (int c = 1; c < columns.Count; c++)
            {
                if (string.Equals(columns[c], placeholders[p], StringComparison.OrdinalIgnoreCase))
                {
                    found[p] = c;
                    break;
                }
            }

            if (found[p] < 0)
            {
                throw new InvalidDataException(
                    $"the {scope} query returns no column '{placeholders[p]}' for {{{placeholders[p]}}} in its database template " +
                    $"(its columns: {string.Join(", ", columns)}; the first is the name, {{user}})");
            }
        }

        return found;
    }

    private static string? Text(object? value) => value switch
    {
        null or DBNull or byte[] => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
