namespace Ledger.Sql;

/// <summary>
/// An engine capability: how the engine splits a block's SQL into statements, when it differs from
/// <see cref="SqlScript"/> (which follows SQLite's rules and is what blocks are split with when they are read).
/// </summary>
public interface IStatementSplitter
{
    /// <summary>
    /// The statements of the <paramref name="length"/> characters of <paramref name="sql"/> from <paramref name="start"/>,
    /// their lines and columns counted from <paramref name="start"/>.
    /// </summary>
    IReadOnlyList<SqlStatement> Split(string sql, int start, int length);
}
