using System.Data.Common;
using System.Text;
using Npgsql;

namespace Ledger.Postgres.Engine;

/// <summary>
/// A statement PostgreSQL refused, with a message for people: the server's message, its SQLSTATE, and the detail,
/// hint and place it gave, on one line (Npgsql's own message spreads them over several). The detail is there only
/// when the connection string allows it (<c>Include Error Detail=true</c>): it can hold the rows' values.
/// </summary>
public sealed class PostgresFailure : DbException
{
    internal PostgresFailure(PostgresException inner, string? statement)
        : base(Describe(inner, statement), inner)
    {
        SqlState = inner.SqlState;
    }

    /// <summary>The error's SQLSTATE (<c>42P01</c>…).</summary>
    public override string SqlState { get; }

    private static string Describe(PostgresException e, string? statement)
    {
        var text = new StringBuilder(e.MessageText).Append(" (SQLSTATE ").Append(e.SqlState).Append(')');
        if (statement is not null && e.Position > 0 && e.Position <= statement.Length)
        {
            int line = 1 + statement.AsSpan(0, e.Position - 1).Count('\n');
            if (statement.Contains('\n')) text.Append(" at line ").Append(line).Append(" of the statement");
        }

        if (!string.IsNullOrEmpty(e.Detail)) text.Append("; detail: ").Append(e.Detail);
        if (!string.IsNullOrEmpty(e.Hint)) text.Append("; hint: ").Append(e.Hint);
        if (!string.IsNullOrEmpty(e.Where)) text.Append("; where: ").Append(e.Where.Replace('\n', ' '));
        return text.ToString();
    }
}
