using System.Text;
using Ledger.Targets;

namespace Ledger.Postgres.Targets;

/// <summary>
/// PostgreSQL's rules for the names Ledger puts into SQL and connection strings: a schema or database name is at most
/// 63 bytes (the server cuts a longer one silently, so two tenants could share a schema: Ledger refuses instead), a
/// schema may not begin with <c>pg_</c> (reserved). The engine quotes every name as an identifier wherever it writes
/// one in SQL, whatever it holds.
/// </summary>
public static class PostgresIdentifier
{
    /// <summary>The longest identifier PostgreSQL keeps whole, in bytes (NAMEDATALEN - 1).</summary>
    public const int MaxBytes = 63;

    /// <summary>Why <paramref name="name"/> cannot name a <paramref name="what"/> (<c>schema</c>, <c>database</c>), or null.</summary>
    public static string? Problem(string name, string what)
    {
        if (name.Length == 0) return $"the {what} name is empty";
        if (name.Contains('\0', StringComparison.Ordinal)) return $"the {what} name holds a NUL character";
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxBytes)
        {
            return $"{what} '{MemberNames.Printable(name)}' is {bytes} bytes long; PostgreSQL keeps at most {MaxBytes} bytes of a name " +
                   "(it would cut it silently, and two names could become one)";
        }

        if (what == "schema" && name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            return $"schema '{name}' begins with pg_, which PostgreSQL reserves for its own schemas";
        }

        return null;
    }
}
